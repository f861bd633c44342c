package dev.callvault.playback.streaming;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The framing of a {@code multipart/byteranges} body (RFC 9110 section 14.6; delimiters as in RFC 2046 section
 * 5.1.1) around the parts of a {@link StreamPlan.Multipart}: the caller writes {@link #head(int)}, then that part's
 * bytes, for every part in order, then {@link #tail()}. With a boundary {@code B}, CRLF line endings:
 *
 * <pre>
 * --B
 * Content-Type: audio/mpeg
 * Content-Range: bytes 0-10/48213
 *
 * (bytes 0 to 10)
 * --B
 * Content-Type: audio/mpeg
 * Content-Range: bytes 20-30/48213
 *
 * (bytes 20 to 30)
 * --B--
 * </pre>
 *
 * The CRLF before each later delimiter belongs to the delimiter (RFC 2046), so a part's bytes are exactly its range.
 * The boundary is {@value #BOUNDARY_BYTES} random bytes in hex, new for each response: a recording cannot be crafted
 * to contain it, and 128 random bits occur in a part's bytes only by negligible chance. {@link #contentLength()} is
 * the exact length of the whole body, for {@code Content-Length}.
 */
final class MultipartByteranges {

    /** Random bytes of a boundary, written as twice as many hex digits. */
    static final int BOUNDARY_BYTES = 16;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern BOUNDARY = Pattern.compile("[0-9A-Za-z]{1,70}");
    /** A header value that can go into a part verbatim: visible ASCII and spaces, no CR or LF. */
    private static final Pattern SAFE_VALUE = Pattern.compile("[\\x20-\\x7e]+");
    private static final String CRLF = "\r\n";

    private final String boundary;
    private final List<StreamPlan.Partial> parts;
    private final String partContentType;
    private final long length;

    /**
     * @param boundary    1 to 70 letters and digits (RFC 2046 5.1.1 allows more characters; these never need quoting)
     * @param parts       the ranges, in the order they are sent
     * @param contentType the representation's media type, repeated in every part; a value with characters other than
     *                    visible ASCII and spaces is replaced by {@code application/octet-stream}
     * @param length      representation length in bytes, for the parts' {@code Content-Range}
     * @throws IllegalArgumentException for another boundary
     */
    MultipartByteranges(String boundary, List<StreamPlan.Partial> parts, String contentType, long length) {
        if (!BOUNDARY.matcher(boundary).matches()) {
            throw new IllegalArgumentException("not a boundary of 1 to 70 letters and digits: " + boundary);
        }
        this.boundary = boundary;
        this.parts = List.copyOf(parts);
        this.partContentType = contentType != null && SAFE_VALUE.matcher(contentType).matches() ? contentType
                : "application/octet-stream";
        this.length = length;
    }

    /** The framing of a {@link StreamPlan.Multipart} with a new random boundary. */
    static MultipartByteranges of(StreamPlan.Multipart plan, String contentType, long length) {
        byte[] random = new byte[BOUNDARY_BYTES];
        RANDOM.nextBytes(random);
        return new MultipartByteranges(HexFormat.of().formatHex(random), plan.parts(), contentType, length);
    }

    /** @return {@code multipart/byteranges; boundary=<boundary>}, the response's {@code Content-Type} */
    String contentType() {
        return "multipart/byteranges; boundary=" + boundary;
    }

    /** @return the parts, in the order they are sent */
    List<StreamPlan.Partial> parts() {
        return parts;
    }

    /**
     * @param index 0-based part number
     * @return the delimiter and headers that precede the part's bytes (ASCII), ending with the empty line
     */
    byte[] head(int index) {
        StreamPlan.Partial part = parts.get(index);
        String head = (index == 0 ? "" : CRLF) + "--" + boundary + CRLF
                + "Content-Type: " + partContentType + CRLF
                + "Content-Range: bytes " + part.first() + "-" + part.last() + "/" + length + CRLF
                + CRLF;
        return head.getBytes(StandardCharsets.US_ASCII);
    }

    /** @return the close delimiter after the last part's bytes, {@code CRLF --boundary-- CRLF} (ASCII) */
    byte[] tail() {
        return (CRLF + "--" + boundary + "--" + CRLF).getBytes(StandardCharsets.US_ASCII);
    }

    /** @return the number of bytes of the whole body: every head, every part's range and the tail */
    long contentLength() {
        long total = tail().length;
        for (int i = 0; i < parts.size(); i++) {
            total += head(i).length + parts.get(i).length();
        }
        return total;
    }
}
