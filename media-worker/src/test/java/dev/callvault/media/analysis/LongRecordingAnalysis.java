package dev.callvault.media.analysis;

import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;

/**
 * Run in its own JVM by {@link LongRecordingTests} (with {@code -Xmx128m}): analyses a WAV recording of
 * {@code args[0]} seconds, 8 kHz stereo, made at run time by repeating the PCM of
 * {@link Fixtures#AGENT_SILENT_SPANS} behind a header that announces its full size, streamed to ffmpeg as it is
 * made. Prints {@code durationMs=..., peaks=..., heapUsedMiB=...} on success.
 */
public final class LongRecordingAnalysis {

    private LongRecordingAnalysis() {
    }

    /**
     * @param args the duration in seconds
     * @throws Exception if the analysis fails
     */
    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(args[0]);
        byte[] fixture = Fixtures.bytes(Fixtures.AGENT_SILENT_SPANS);
        byte[] pcm = Arrays.copyOfRange(fixture, 44, fixture.length); // sox writes a plain 44-byte header
        long dataBytes = (long) seconds * 8000 * 2 * 2;
        RecordingAnalysis analysis = new FfmpegDecoder(Fixtures.DEFAULTS).analyze(wav(pcm, dataBytes));
        Runtime runtime = Runtime.getRuntime();
        System.out.println("durationMs=" + analysis.durationMs() + ", peaks=" + analysis.peaks().length()
                + ", heapUsedMiB=" + (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024)
                + ", maxHeapMiB=" + runtime.maxMemory() / (1024 * 1024));
    }

    private static InputStream wav(byte[] pcm, long dataBytes) {
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes()).putInt((int) Math.min(0xFFFFFFFFL, 36 + dataBytes)).put("WAVE".getBytes());
        header.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 2).putInt(8000)
                .putInt(8000 * 4).putShort((short) 4).putShort((short) 16);
        header.put("data".getBytes()).putInt((int) dataBytes);
        InputStream body = new InputStream() {
            private long position;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (position >= dataBytes) {
                    return -1;
                }
                int at = (int) (position % pcm.length);
                int count = (int) Math.min(Math.min(length, pcm.length - at), dataBytes - position);
                System.arraycopy(pcm, at, buffer, offset, count);
                position += count;
                return count;
            }
        };
        Enumeration<InputStream> parts = Collections.enumeration(
                java.util.List.of(new java.io.ByteArrayInputStream(header.array()), body));
        return new SequenceInputStream(parts);
    }

}
