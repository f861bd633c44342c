package dev.callvault.ingest.telnyx;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Decodes a Telnyx account's webhook public key ({@code callvault.tenants.<id>.telnyx.public-key}) into a JDK Ed25519
 * key.
 *
 * <p>Accepted forms, both base64 (RFC 4648 §4, with or without padding; surrounding whitespace ignored):
 * <ul>
 *   <li>32 bytes: the raw Ed25519 public key, as the Telnyx portal shows it (Mission Control, "Keys &amp;
 *       Credentials", "Public Key"; Telnyx docs, "Receiving webhooks",
 *       https://developers.telnyx.com/development/api-fundamentals/webhooks/receiving-webhooks);</li>
 *   <li>44 bytes: the X.509 SubjectPublicKeyInfo DER of such a key (RFC 8410 §4), i.e. the fixed 12-byte header
 *       {@code 302a300506032b6570032100} followed by the raw key, as {@code openssl pkey -pubout -outform DER}
 *       writes it. A PEM file's base64 body is this form.</li>
 * </ul>
 * The raw key is decoded per RFC 8032 §5.1.3: the 32 bytes are {@code y} in little-endian order with the top bit of
 * the last byte holding the parity of {@code x}; {@code y} must be below {@code p = 2^255 - 19} and name a point of
 * edwards25519 (the square root of {@code (y^2 - 1) / (d y^2 + 1)} must exist, and {@code x = 0} must come with parity
 * 0). The result is an {@link EdECPublicKeySpec} of that point, so a key that is not a point fails here, in the
 * configuration, rather than as a 401 of every webhook.
 */
final class TelnyxPublicKey {

    /** The DER header of an Ed25519 SubjectPublicKeyInfo: SEQUENCE, AlgorithmIdentifier 1.3.101.112, BIT STRING. */
    static final byte[] SPKI_HEADER = HexFormat.of().parseHex("302a300506032b6570032100");

    /** Bytes of a raw Ed25519 public key. */
    static final int RAW_LENGTH = 32;

    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    private static final BigInteger D = BigInteger.valueOf(-121_665)
            .multiply(BigInteger.valueOf(121_666).modInverse(P)).mod(P);

    private TelnyxPublicKey() {
    }

    /**
     * @param base64 the configured key, in one of the accepted forms
     * @return the Ed25519 public key
     * @throws IllegalArgumentException if the text is not base64, has another length than 32 or 44 bytes, the 44 bytes
     *                                  do not start with {@link #SPKI_HEADER}, or the key is not a point of
     *                                  edwards25519; the message never repeats the key
     */
    static PublicKey decode(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the Telnyx public key is not base64");
        }
        if (bytes.length == SPKI_HEADER.length + RAW_LENGTH
                && Arrays.equals(bytes, 0, SPKI_HEADER.length, SPKI_HEADER, 0, SPKI_HEADER.length)) {
            return fromRaw(Arrays.copyOfRange(bytes, SPKI_HEADER.length, bytes.length));
        }
        if (bytes.length != RAW_LENGTH) {
            throw new IllegalArgumentException("the Telnyx public key is " + bytes.length + " bytes, not a raw "
                    + "Ed25519 key (32 bytes) nor its X.509 SubjectPublicKeyInfo (44 bytes)");
        }
        return fromRaw(bytes);
    }

    /**
     * @param raw the 32-byte encoding of RFC 8032 §5.1.2
     * @return the key of that point
     * @throws IllegalArgumentException if the bytes do not decode to a point (RFC 8032 §5.1.3)
     */
    static PublicKey fromRaw(byte[] raw) {
        if (raw.length != RAW_LENGTH) {
            throw new IllegalArgumentException("a raw Ed25519 public key is 32 bytes");
        }
        boolean xOdd = (raw[RAW_LENGTH - 1] & 0x80) != 0;
        byte[] bigEndian = new byte[RAW_LENGTH];
        for (int i = 0; i < RAW_LENGTH; i++) {
            bigEndian[i] = raw[RAW_LENGTH - 1 - i];
        }
        bigEndian[0] &= 0x7f;
        BigInteger y = new BigInteger(1, bigEndian);
        requirePoint(y, xOdd);
        try {
            return KeyFactory.getInstance("Ed25519")
                    .generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, new EdECPoint(xOdd, y)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the Telnyx public key is not an Ed25519 key");
        }
    }

    /** RFC 8032 §5.1.3 steps 1 to 4: whether {@code y} and the parity of {@code x} name a point. */
    private static void requirePoint(BigInteger y, boolean xOdd) {
        if (y.compareTo(P) >= 0) {
            throw new IllegalArgumentException("the Telnyx public key is not an Ed25519 point (y >= p)");
        }
        BigInteger ySquared = y.multiply(y).mod(P);
        BigInteger u = ySquared.subtract(BigInteger.ONE).mod(P);
        BigInteger v = D.multiply(ySquared).add(BigInteger.ONE).mod(P);
        // candidate root x = u v^3 (u v^7)^((p-5)/8)
        BigInteger x = u.multiply(v.modPow(BigInteger.valueOf(3), P))
                .multiply(u.multiply(v.modPow(BigInteger.valueOf(7), P)).modPow(P.subtract(BigInteger.valueOf(5))
                        .shiftRight(3), P))
                .mod(P);
        BigInteger vxSquared = v.multiply(x).multiply(x).mod(P);
        if (!vxSquared.equals(u) && !vxSquared.equals(P.subtract(u).mod(P))) {
            throw new IllegalArgumentException("the Telnyx public key is not an Ed25519 point (no x for its y)");
        }
        if (u.signum() == 0 && xOdd) {
            throw new IllegalArgumentException("the Telnyx public key is not an Ed25519 point (x = 0 but odd)");
        }
    }
}
