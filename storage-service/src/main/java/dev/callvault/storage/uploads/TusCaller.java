package dev.callvault.storage.uploads;

/**
 * The subject ({@code sub}) of the tus request being processed on this thread. tus-java-server hands its storage only
 * an owner key (the tenant); the uploader's subject, which {@code RecordingStored.uploadedBy} names, travels here for
 * the duration of one {@code TusFileUploadService.process} call, which runs on the request's own thread.
 */
final class TusCaller {

    private static final ThreadLocal<String> SUBJECT = new ThreadLocal<>();

    private TusCaller() {
    }

    /**
     * Runs a tus request as a subject.
     *
     * @param subject the caller's {@code sub}
     * @param request the processing
     * @throws java.io.IOException as the processing does
     */
    static void runAs(String subject, IoAction request) throws java.io.IOException {
        SUBJECT.set(subject);
        try {
            request.run();
        } finally {
            SUBJECT.remove();
        }
    }

    /**
     * @return the subject of the current tus request
     * @throws IllegalStateException outside one
     */
    static String subject() {
        String subject = SUBJECT.get();
        if (subject == null) {
            throw new IllegalStateException("no tus request is being processed on this thread");
        }
        return subject;
    }

    /** A piece of I/O. */
    @FunctionalInterface
    interface IoAction {
        /** @throws java.io.IOException as the I/O does */
        void run() throws java.io.IOException;
    }
}
