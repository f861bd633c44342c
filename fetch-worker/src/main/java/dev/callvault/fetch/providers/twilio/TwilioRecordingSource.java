package dev.callvault.fetch.providers.twilio;

import dev.callvault.events.Provider;
import dev.callvault.fetch.providers.FailureCode;
import dev.callvault.fetch.providers.FetchFailedException;
import dev.callvault.fetch.providers.ProviderHttp;
import dev.callvault.fetch.providers.RecordingBody;
import dev.callvault.fetch.providers.RecordingRequest;
import dev.callvault.fetch.providers.RecordingSource;
import dev.callvault.platform.http.BaseUrls;
import dev.callvault.platform.tenants.TenantCredentials;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Twilio's "Fetch a Recording media file" (https://www.twilio.com/docs/voice/api/recording):
 * {@code GET {api-base-url}/2010-04-01/Accounts/{AccountSid}/Recordings/{RecordingSid}.mp3} (or {@code .wav}) with
 * HTTP Basic authentication (RFC 7617) by the tenant's account sid and auth token. Dual-channel recordings are asked
 * for with {@code RequestedChannels=2} so both channels are kept. The account sid in the URL is always the tenant's
 * configured one.
 */
@Component
class TwilioRecordingSource implements RecordingSource {

    private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-fA-F]{32}");
    private static final Pattern RECORDING_SID = Pattern.compile("RE[0-9a-fA-F]{32}");

    private final ProviderHttp http;
    private final URI baseUrl;
    private final TenantCredentials tenants;
    private final TwilioMedia.Format format;

    TwilioRecordingSource(ProviderHttp http, TwilioApi api, TwilioMedia media, TenantCredentials tenants) {
        this.http = http;
        this.baseUrl = api.apiBaseUrl();
        this.tenants = tenants;
        this.format = media.format();
    }

    @Override
    public Provider provider() {
        return Provider.TWILIO;
    }

    @Override
    public String expectedExtension() {
        return format.extension();
    }

    @Override
    public void checkRequest(RecordingRequest request) {
        if (request.providerRecordingId() == null || !RECORDING_SID.matcher(request.providerRecordingId()).matches()) {
            throw new FetchFailedException(FailureCode.INVALID_EVENT, "Twilio RecordingSid is malformed");
        }
    }

    @Override
    public RecordingBody open(RecordingRequest request) {
        checkRequest(request);
        Account account = tenants.of(request.tenantId(), "twilio", Account.class).filter(Account::isComplete)
                .orElseThrow(() -> new FetchFailedException(FailureCode.UNKNOWN_TENANT_CREDENTIALS,
                        "no Twilio credentials configured for tenant " + request.tenantId()));
        if (!ACCOUNT_SID.matcher(account.accountSid()).matches()) {
            throw new FetchFailedException(FailureCode.UNKNOWN_TENANT_CREDENTIALS,
                    "the Twilio account sid configured for tenant " + request.tenantId() + " is malformed");
        }
        if (request.providerAccountId() != null && !request.providerAccountId().equals(account.accountSid())) {
            throw new FetchFailedException(FailureCode.PROVIDER_ACCOUNT_MISMATCH, "the event names Twilio account "
                    + request.providerAccountId() + ", not the tenant's configured account");
        }
        String query = Integer.valueOf(2).equals(request.channels()) ? "?RequestedChannels=2" : "";
        URI uri = BaseUrls.resolve(baseUrl, "/2010-04-01/Accounts/" + account.accountSid() + "/Recordings/"
                + request.providerRecordingId() + "." + format.extension() + query);
        String basic = Base64.getEncoder().encodeToString((account.accountSid() + ":" + account.authToken())
                .getBytes(StandardCharsets.UTF_8));
        return http.get(Provider.TWILIO, baseUrl, uri, Map.of("Authorization", "Basic " + basic,
                "Accept", format == TwilioMedia.Format.WAV ? "audio/wav, audio/x-wav" : "audio/mpeg"));
    }

    /**
     * A tenant's Twilio account, {@code callvault.tenants.<id>.twilio.*}.
     *
     * @param accountSid the account SID ({@code AC...}), the REST API's user name
     * @param authToken  the auth token, the REST API's password; never logged
     */
    record Account(String accountSid, String authToken) {

        boolean isComplete() {
            return accountSid != null && !accountSid.isBlank() && authToken != null && !authToken.isBlank();
        }

        @Override
        public String toString() {
            return "Account[accountSid=" + accountSid + "]";
        }
    }
}
