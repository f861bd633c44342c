package dev.callvault.media.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.callvault.local.testing.AudioFixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * ffmpeg decodes and the analyzer measures the committed fixtures, whose loud, silent and spoken spans are known from
 * the commands that made them ({@code fixtures/audio/make-fixtures.sh}).
 */
class FfmpegDecoderTests {

    private final FfmpegDecoder decoder = new FfmpegDecoder(Fixtures.DEFAULTS);

    @Test
    void shouldDrawTheEnvelopeOfKnownLoudAndSilentSpans() throws Exception {
        // given 3 s at 8 kHz: amplitude 0.5 for 1 s, silence for 1 s, amplitude 0.25 for 0.5 s, silence for 0.5 s
        byte[] wav = Fixtures.bytes(Fixtures.TONE_BURSTS);

        // when it is analysed with 256 samples per pixel (32 ms)
        RecordingAnalysis analysis = decoder.analyze(new ByteArrayInputStream(wav));

        // then the peaks follow the envelope: 0.5 * 32768 / 256 = 64, 0.25 * 32768 / 256 = 32, silence 0
        WaveformPeaks peaks = analysis.peaks();
        assertThat(peaks.channels()).isEqualTo(1);
        assertThat(peaks.sampleRateHz()).isEqualTo(8000);
        assertThat(peaks.samplesPerPixel()).isEqualTo(256);
        assertThat(peaks.length()).isEqualTo(94); // ceil(24,000 / 256)
        for (int index = 0; index <= 30; index++) { // samples 0-7,935: all in the first tone
            assertThat(peaks.max(index, 0)).as("max at %d", index).isBetween(63, 64);
            assertThat(peaks.min(index, 0)).as("min at %d", index).isEqualTo(-64);
        }
        for (int index = 32; index <= 61; index++) { // samples 8,192-15,871: silence
            assertThat(peaks.max(index, 0)).as("max at %d", index).isZero();
            assertThat(peaks.min(index, 0)).as("min at %d", index).isZero();
        }
        for (int index = 63; index <= 77; index++) { // samples 16,128-19,967: the quieter tone
            assertThat(peaks.max(index, 0)).as("max at %d", index).isBetween(31, 32);
            assertThat(peaks.min(index, 0)).as("min at %d", index).isEqualTo(-32);
        }
        for (int index = 79; index < 94; index++) { // samples 20,224-23,999: silence
            assertThat(peaks.max(index, 0)).as("max at %d", index).isZero();
            assertThat(peaks.min(index, 0)).as("min at %d", index).isZero();
        }
        // and the measurements match the spans
        assertThat(analysis.durationMs()).isEqualTo(3000);
        assertThat(analysis.channels()).isEqualTo(1);
        assertThat(analysis.sampleRateHz()).isEqualTo(8000);
        assertThat(analysis.talkOverMs()).isNull();
        ChannelMeasurement mono = analysis.perChannel().getFirst();
        assertThat(mono.speechMs()).isCloseTo(1500, within(30L));
        assertThat(mono.speechRatio()).isCloseTo(0.5, within(0.02));
        assertThat(mono.peakDbfs()).isCloseTo(-6.02, within(0.1));
        assertThat(mono.clippedSamples()).isZero();
        assertThat(analysis.loudnessLufs()).isNotNull().isBetween(-20.0, -5.0);
    }

    @Test
    void shouldMeasureSpeechAndTalkOverOfATwoChannelCallWithTheAgentSilentInKnownSpans() throws Exception {
        // given 10 s of a call: the caller speaks 0.0-2.5 s on the left, the agent 2.0-5.0 s on the right
        byte[] wav = Fixtures.bytes(Fixtures.AGENT_SILENT_SPANS);

        // when it is analysed
        RecordingAnalysis analysis = decoder.analyze(new ByteArrayInputStream(wav));

        // then the speech ratios are those of the spans within 2 % of the call, and both talk for 0.5 s
        assertThat(analysis.durationMs()).isEqualTo(10_000);
        assertThat(analysis.channels()).isEqualTo(2);
        ChannelMeasurement caller = analysis.perChannel().get(0);
        ChannelMeasurement agent = analysis.perChannel().get(1);
        assertThat(caller.speechRatio()).isCloseTo(0.25, within(0.02));
        assertThat(agent.speechRatio()).isCloseTo(0.30, within(0.02));
        assertThat(1 - agent.speechRatio()).as("agent's silence ratio").isCloseTo(0.70, within(0.02));
        assertThat(analysis.talkOverMs()).isCloseTo(500L, within(200L));
        assertThat(analysis.peaks().channels()).isEqualTo(2);
        assertThat(analysis.peaks().length()).isEqualTo(313); // ceil(80,000 / 256)
        // the agent's channel is silent before 2.0 s (pixel 62 starts at 1.984 s) and after 5.0 s
        for (int index = 0; index < 62; index++) {
            assertThat(Math.abs(analysis.peaks().max(index, 1))).as("agent at %d", index).isLessThanOrEqualTo(1);
        }
        for (int index = 157; index < 313; index++) {
            assertThat(Math.abs(analysis.peaks().max(index, 1))).as("agent at %d", index).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void shouldDecodeAProvidersDualChannelMp3() throws Exception {
        // given the Twilio-style MP3 of the local stack (8 kHz stereo, agent padded by 1.5 s)
        byte[] mp3 = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);

        // when it is analysed
        RecordingAnalysis analysis = decoder.analyze(new ByteArrayInputStream(mp3));

        // then its channels, rate and length are the WAV's it was encoded from
        assertThat(analysis.channels()).isEqualTo(2);
        assertThat(analysis.sampleRateHz()).isEqualTo(8000);
        assertThat(analysis.durationMs()).isBetween(7_500L, 9_000L);
        assertThat(analysis.perChannel()).allSatisfy(channel -> assertThat(channel.speechRatio()).isPositive());
    }

    @Test
    void shouldRefuseBytesThatAreNoAudio() {
        // given a text file named like an MP3
        byte[] text = "this is not audio, just some text in a file\n".repeat(200).getBytes(StandardCharsets.UTF_8);

        // when / then it cannot be decoded, with ffmpeg's reason
        assertThatThrownBy(() -> decoder.analyze(new ByteArrayInputStream(text)))
                .isInstanceOf(UndecodableAudioException.class)
                .hasMessageStartingWith("ffmpeg cannot decode the recording: ");
    }

    @Test
    void shouldTellAStoreFailureMidStreamFromUndecodableAudio() {
        // given a recording whose bytes stop arriving with an error after 16 KiB
        byte[] wav = Fixtures.bytes(Fixtures.AGENT_SILENT_SPANS);
        InputStream failing = new InputStream() {
            private int position;

            @Override
            public int read() throws IOException {
                if (position >= 16 * 1024) {
                    throw new IOException("connection reset by the store");
                }
                return wav[position++] & 0xff;
            }
        };

        // when / then the failure is the store's, which may pass, not the audio's
        assertThatThrownBy(() -> decoder.analyze(failing))
                .isInstanceOf(SourceReadException.class)
                .hasMessageContaining("connection reset by the store");
    }

    @Test
    void shouldWriteThePeaksInAudiowaveformsJsonFormat() throws Exception {
        // given the peaks of the tone bursts
        WaveformPeaks peaks = decoder.analyze(new ByteArrayInputStream(Fixtures.bytes(Fixtures.TONE_BURSTS))).peaks();

        // when they are written as JSON
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        peaks.writeJson(out);

        // then the header fields are audiowaveform's, and data holds length * channels * 2 values
        String json = out.toString(StandardCharsets.UTF_8);
        assertThat(json).startsWith("{\"version\":2,\"channels\":1,\"sample_rate\":8000,\"samples_per_pixel\":256,"
                + "\"bits\":8,\"length\":94,\"data\":[");
        String data = json.substring(json.indexOf('[') + 1, json.lastIndexOf(']'));
        assertThat(data.split(",")).hasSize(94 * 2);
        assertThat(data).startsWith("-64,64,").endsWith(",0,0");
    }
}
