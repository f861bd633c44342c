package dev.callvault.playback.signing;

import java.util.Locale;
import java.util.Optional;

/** How the browser should present the stream (RFC 6266): in the page, or saved as a file. */
public enum Disposition {
    /** Played in place; no {@code Content-Disposition} header; audited as {@code STREAM}. */
    INLINE,
    /** Downloaded: {@code Content-Disposition: attachment} with a file name; audited as {@code DOWNLOAD}. */
    ATTACHMENT;

    /** @return the lowercase wire form, {@code inline} or {@code attachment} */
    public String wireValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param value {@code inline} or {@code attachment}, exactly (lowercase)
     * @return the disposition, or empty for anything else
     */
    public static Optional<Disposition> fromWire(String value) {
        for (Disposition disposition : values()) {
            if (disposition.wireValue().equals(value)) {
                return Optional.of(disposition);
            }
        }
        return Optional.empty();
    }
}
