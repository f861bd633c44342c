package dev.callvault.media.analysis;

import java.time.Duration;
import java.util.BitSet;

/**
 * An energy-based voice activity detector over 10 ms frames of one channel, the classic rule of telephony VADs
 * (level threshold, minimum burst, hangover; compare ITU-T G.729 Annex B, which adds spectral features this
 * detector does without). Call audio has each party on its own channel with a quiet line when they listen, so the
 * level alone separates talking from listening well enough for talk ratios.
 *
 * <ol>
 *   <li>A frame is <em>loud</em> when its RMS level is above {@link #thresholdDbfs()} dBFS
 *       ({@link #isLoud(double, int)}).</li>
 *   <li>Runs of loud frames shorter than the minimum burst are dropped (clicks, line noise).</li>
 *   <li>Gaps shorter than the hangover between two remaining runs are filled (pauses between words).</li>
 * </ol>
 *
 * @param thresholdDbfs RMS level in dB relative to full scale above which a frame is loud, negative
 * @param minBurst      shortest run of loud frames kept as speech
 * @param hangover      longest pause inside speech that still counts as speech
 */
public record SpeechDetector(double thresholdDbfs, Duration minBurst, Duration hangover) {

    /** Length of one frame in milliseconds. */
    public static final int FRAME_MS = 10;

    /** Full scale of a 16-bit sample, the 0 dBFS reference. */
    static final double FULL_SCALE = 32768.0;

    /**
     * Whether a frame is loud.
     *
     * @param sumOfSquares sum of the squares of its 16-bit samples
     * @param samples      number of samples in the frame, positive
     * @return whether its RMS level is above the threshold
     */
    public boolean isLoud(double sumOfSquares, int samples) {
        double rms = Math.sqrt(sumOfSquares / samples);
        return rms > 0 && 20 * Math.log10(rms / FULL_SCALE) > thresholdDbfs;
    }

    /**
     * Turns loud frames into speech frames: drops short bursts, then fills short pauses.
     *
     * @param loud   one bit per frame, set where the frame is loud; not changed
     * @param frames number of frames
     * @return one bit per frame, set where the channel carries speech
     */
    public BitSet speech(BitSet loud, int frames) {
        int minFrames = (int) Math.ceil(minBurst.toMillis() / (double) FRAME_MS);
        int hangoverFrames = (int) (hangover.toMillis() / FRAME_MS);
        BitSet speech = new BitSet(frames);
        for (int start = loud.nextSetBit(0); start >= 0 && start < frames; ) {
            int end = Math.min(loud.nextClearBit(start), frames);
            if (end - start >= minFrames) {
                speech.set(start, end);
            }
            start = end >= frames ? -1 : loud.nextSetBit(end);
        }
        for (int end = speech.nextSetBit(0); end >= 0; ) {
            int gapStart = speech.nextClearBit(end);
            int next = speech.nextSetBit(gapStart);
            if (next < 0) {
                break;
            }
            if (next - gapStart <= hangoverFrames) {
                speech.set(gapStart, next);
            }
            end = next;
        }
        return speech;
    }
}
