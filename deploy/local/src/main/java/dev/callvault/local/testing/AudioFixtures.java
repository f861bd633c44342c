package dev.callvault.local.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The committed speech recordings (made by {@code fixtures/audio/make-fixtures.sh} with espeak-ng, sox and lame) and
 * helpers around them.
 */
public final class AudioFixtures {

    /** 8 kHz stereo MP3, caller left and agent right, about 8 seconds: a Twilio dual-channel recording. */
    public static final String TWILIO_DUAL_CHANNEL_MP3 = "twilio-dual-channel.mp3";
    /** The same call as 8 kHz stereo 16-bit PCM WAV. */
    public static final String TWILIO_DUAL_CHANNEL_WAV = "twilio-dual-channel.wav";
    /** 16 kHz mono MP3: an ElevenLabs conversation. */
    public static final String ELEVENLABS_CONVERSATION_MP3 = "elevenlabs-conversation.mp3";

    private AudioFixtures() {
    }

    /**
     * Reads a fixture.
     *
     * @param name one of the constants
     * @return its bytes
     * @throws IllegalArgumentException if there is no such fixture
     */
    public static byte[] bytes(String name) {
        try (InputStream in = AudioFixtures.class.getResourceAsStream("/fixtures/audio/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no audio fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a large, valid MP3 by concatenating a fixture's MPEG frames until at least {@code minBytes} are written
     * (concatenated MP3 streams are a valid stream). Generated at test time; never commit the result.
     *
     * @param target   file to write
     * @param minBytes size to reach, in bytes
     * @return the SHA-256 of the written file, lowercase hex
     */
    public static String writeLargeMp3(Path target, long minBytes) {
        byte[] chunk = bytes(TWILIO_DUAL_CHANNEL_MP3);
        MessageDigest digest = sha256();
        try (OutputStream out = Files.newOutputStream(target)) {
            long written = 0;
            while (written < minBytes) {
                out.write(chunk);
                digest.update(chunk);
                written += chunk.length;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * A long WAV call for tests and benchmarks that must not commit large files: 8 kHz stereo 16-bit PCM of
     * {@code seconds}, its samples those of {@link #TWILIO_DUAL_CHANNEL_WAV} repeated, behind a header that announces
     * the whole size (Microsoft "WAVE Form", 44-byte canonical header). Made while it is read: nothing of it is held
     * in memory but the fixture.
     *
     * @param seconds duration in seconds, 1 to 74,565 (the 32-bit RIFF size limit at 32,000 bytes per second)
     * @return the WAV stream; its length is {@code 44 + seconds * 32,000} bytes
     * @throws IllegalArgumentException if {@code seconds} is out of range
     */
    public static InputStream longWav(int seconds) {
        if (seconds < 1 || seconds > 74_565) {
            throw new IllegalArgumentException("seconds must be 1 to 74565");
        }
        byte[] fixture = bytes(TWILIO_DUAL_CHANNEL_WAV);
        byte[] pcm = java.util.Arrays.copyOfRange(fixture, 44, fixture.length); // sox writes the 44-byte header
        long dataBytes = (long) seconds * 8000 * 2 * 2;
        java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(44).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) (36 + dataBytes))
                .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1)
                .putShort((short) 2).putInt(8000).putInt(8000 * 4).putShort((short) 4).putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) dataBytes);
        byte[] head = header.array();
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (length == 0) {
                    return 0;
                }
                if (position < head.length) {
                    int count = (int) Math.min(length, head.length - position);
                    System.arraycopy(head, (int) position, buffer, offset, count);
                    position += count;
                    return count;
                }
                long data = position - head.length;
                if (data >= dataBytes) {
                    return -1;
                }
                int at = (int) (data % pcm.length);
                int count = (int) Math.min(Math.min(length, pcm.length - at), dataBytes - data);
                System.arraycopy(pcm, at, buffer, offset, count);
                position += count;
                return count;
            }
        };
    }

    /**
     * @param bytes any bytes
     * @return their SHA-256, lowercase hex
     */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    /**
     * Hashes a stream to its end without holding it in memory.
     *
     * @param in a stream, closed by this method
     * @return its SHA-256, lowercase hex
     */
    public static String sha256Hex(InputStream in) {
        MessageDigest digest = sha256();
        try (DigestInputStream digesting = new DigestInputStream(in, digest)) {
            digesting.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
