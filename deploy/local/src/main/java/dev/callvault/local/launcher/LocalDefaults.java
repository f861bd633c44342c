package dev.callvault.local.launcher;

import dev.callvault.local.infra.PostgresServer;
import dev.callvault.local.infra.S3ProxyServer;
import dev.callvault.local.testing.DevJwts;

/**
 * The local defaults of the contract ({@code docs/architecture.md}, "Local defaults"): ports, credentials of
 * tenant {@code demo}, the dashboard JWT secret and the playback signing key. Every one can be overridden from the
 * environment of the launcher (see {@link OperatorEnvironment} and {@link StackSettings}).
 */
public final class LocalDefaults {

    /** Kafka client port. */
    public static final int KAFKA_PORT = 9092;
    /** KRaft controller port (not in the contract; keep it stable, the formatted log folder records it). */
    public static final int KAFKA_CONTROLLER_PORT = 9093;
    /** PostgreSQL port. */
    public static final int POSTGRES_PORT = 15432;
    /** S3Proxy port. */
    public static final int S3_PORT = 9000;
    /** Provider simulator port. */
    public static final int SIMULATOR_PORT = 8089;

    /** PostgreSQL role, owner of the services' databases. */
    public static final String DATABASE_USER = PostgresServer.USER;
    /** Its password. */
    public static final String DATABASE_PASSWORD = PostgresServer.PASSWORD;
    /** The role audit-service runs as ({@code SELECT} and {@code INSERT} only); its migrations run as the owner. */
    public static final String AUDIT_DATABASE_USER = PostgresServer.AUDIT_SERVICE_USER;
    /** Its password. */
    public static final String AUDIT_DATABASE_PASSWORD = PostgresServer.AUDIT_SERVICE_PASSWORD;
    /** S3 access key. */
    public static final String S3_ACCESS_KEY = S3ProxyServer.ACCESS_KEY;
    /** S3 secret key. */
    public static final String S3_SECRET_KEY = S3ProxyServer.SECRET_KEY;
    /** S3 signing region. */
    public static final String S3_REGION = S3ProxyServer.REGION;
    /** The recordings bucket. */
    public static final String BUCKET = "recordings";

    /** The demo tenant's id. */
    public static final String TENANT = "demo";
    /** Its Twilio account SID: {@code AC} and 32 zeros. */
    public static final String TWILIO_ACCOUNT_SID = "AC00000000000000000000000000000000";
    /** Its Twilio auth token. */
    public static final String TWILIO_AUTH_TOKEN = "demo-twilio-token";
    /** Its ElevenLabs API key ({@code xi-api-key}). */
    public static final String ELEVENLABS_API_KEY = "demo-elevenlabs-key";
    /** Its ElevenLabs webhook secret. */
    public static final String ELEVENLABS_WEBHOOK_SECRET = "demo-elevenlabs-secret";
    /** Its Vapi webhook secret. */
    public static final String VAPI_WEBHOOK_SECRET = "demo-vapi-secret";
    /**
     * Its Vapi API key (Bearer token of Vapi's API). The contract names only the Vapi secret; the local stack uses this
     * key for the API.
     */
    public static final String VAPI_API_KEY = "demo-vapi-key";
    /** Its Telnyx API v2 key (Bearer token of Telnyx's recordings API). */
    public static final String TELNYX_API_KEY = "demo-telnyx-key";
    /**
     * The public half of its Telnyx webhook signing key, as Telnyx shows an account's key: base64 of the raw 32-byte
     * Ed25519 public key (RFC 8032). The services verify the demo's {@code telnyx-signature-ed25519} with it.
     */
    public static final String TELNYX_PUBLIC_KEY = "mAcL4w/rWVdh05i0D8kgl+SLJbsURc/IKpD3bQHCvdE=";
    /**
     * The private half: base64 of the PKCS #8 DER Ed25519 private key that signs the demo's and the tests' Telnyx
     * webhooks. It is published here, so the services refuse {@link #TELNYX_PUBLIC_KEY} outside the {@code local}
     * profile ({@code WellKnownSecrets}). Made with {@code openssl genpkey -algorithm ed25519}.
     */
    public static final String TELNYX_PRIVATE_KEY = "MC4CAQAwBQYDK2VwBCIEIO2QZePpK6R7GZtvygwgHXsJst13pxANWOtw725qvLQV";

    /** HS256 secret of dashboard tokens. */
    public static final String JWT_SECRET = DevJwts.LOCAL_SECRET;
    /** Key id of the playback URL signing key. */
    public static final String SIGNING_KID = "local";
    /** The playback URL signing key. */
    public static final String SIGNING_SECRET = "local-dev-signing-key-change-me-0123456789";

    private LocalDefaults() {
    }
}
