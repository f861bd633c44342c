package dev.callvault.playback.signing;

/**
 * The query parameters of a stream URL as received, unverified ({@code null} when absent).
 *
 * @param exp         expiry, unix seconds, decimal
 * @param kid         key id
 * @param sub         subject that minted the URL
 * @param sig         signature, base64url without padding
 * @param disposition {@code inline}, {@code attachment} or absent (inline)
 * @param rendition   {@code opus} or absent (the original)
 */
public record StreamCredentials(String exp, String kid, String sub, String sig, String disposition,
        String rendition) {

    /**
     * Parameters of a URL of the original.
     *
     * @param exp         expiry, unix seconds, decimal
     * @param kid         key id
     * @param sub         subject that minted the URL
     * @param sig         signature, base64url without padding
     * @param disposition {@code inline}, {@code attachment} or absent (inline)
     */
    public StreamCredentials(String exp, String kid, String sub, String sig, String disposition) {
        this(exp, kid, sub, sig, disposition, null);
    }

    @Override
    public String toString() {
        // never the signature
        return "StreamCredentials[exp=" + exp + ", kid=" + kid + ", sub=" + sub + ", disposition=" + disposition
                + ", rendition=" + rendition + "]";
    }
}
