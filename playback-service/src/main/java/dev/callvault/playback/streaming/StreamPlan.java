package dev.callvault.playback.streaming;

import java.util.List;

/**
 * What a stream request is answered with, decided by {@link RangePlanner} before anything is read from storage (RFC
 * 9110 sections 13 and 14).
 */
sealed interface StreamPlan {

    /** 200: the whole representation. */
    record Full() implements StreamPlan {
    }

    /**
     * 206: bytes {@code first..last} (inclusive, 0-based), with {@code Content-Range: bytes first-last/length}.
     *
     * @param first first byte
     * @param last  last byte, {@code >= first}
     */
    record Partial(long first, long last) implements StreamPlan {

        /** @return the number of bytes of the range */
        long length() {
            return last - first + 1;
        }
    }

    /**
     * 206 {@code multipart/byteranges} (RFC 9110 section 14.6): one part per range, each with its own
     * {@code Content-Type} and {@code Content-Range}, framed by {@link MultipartByteranges}.
     *
     * @param parts at least two ranges, pairwise neither overlapping nor adjacent (RFC 9110 14.2 coalescing), in the
     *              order their first range appeared in the {@code Range} header (15.3.7.2)
     */
    record Multipart(List<Partial> parts) implements StreamPlan {

        /** @throws IllegalArgumentException for fewer than two parts */
        public Multipart {
            parts = List.copyOf(parts);
            if (parts.size() < 2) {
                throw new IllegalArgumentException("a multipart answer has at least two parts, not " + parts.size());
            }
        }
    }

    /** 304: the client's copy is current ({@code If-None-Match} or {@code If-Modified-Since}). */
    record NotModified() implements StreamPlan {
    }

    /** 416 with {@code Content-Range: bytes *}{@code /length}: no requested range overlaps the representation. */
    record Unsatisfiable() implements StreamPlan {
    }
}
