package dev.callvault.playback.streaming;

/** What a stream request is answered with, decided before anything is read from storage. */
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

    /** 304: the client's copy is current ({@code If-None-Match} or {@code If-Modified-Since}). */
    record NotModified() implements StreamPlan {
    }

    /** 416 with {@code Content-Range: bytes *}{@code /length}: no requested range overlaps the representation. */
    record Unsatisfiable() implements StreamPlan {
    }
}
