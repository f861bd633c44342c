package dev.callvault.platform.audio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.local.testing.AudioFixtures;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The sniffer knows each accepted format by its magic bytes and refuses everything else. */
class AudioSnifferTests {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            // ID3v2.4 tag
            "494433040000000000000000, MP3",
            // MPEG-1 layer III frame header, 128 kbit/s, 44.1 kHz
            "fffb90640000000000000000, MP3",
            // MPEG-2 layer III frame header (8 kHz telephony), no CRC
            "fff314440000000000000000, MP3",
            // RIFF....WAVE
            "524946462400000057415645, WAV",
            // OggS
            "4f6767530002000000000000, OGG",
            // fLaC
            "664c61430000002200000000, FLAC",
            // ....ftypM4A
            "00000020667479704d344120, M4A",
            // ADTS, MPEG-4 AAC LC, 44.1 kHz (sampling frequency index 4)
            "fff150800000000000000000, AAC"
    })
    void shouldRecogniseEachFormatByItsMagicBytes(String hex, AudioFormat expected) {
        // given
        byte[] head = HexFormat.of().parseHex(hex);

        // when / then
        assertThat(AudioSniffer.detect(head, head.length)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<!DOCTYPE html><html><body>Not found</body></html>",
            "{\"code\":20404,\"message\":\"not found\"}",
            "<?xml version=\"1.0\"?><TwilioResponse/>",
            "RIFF\u0000\u0000\u0000\u0000AVI LIST",
            "ID",
            ""
    })
    void shouldRefuseBodiesThatAreNotAudio(String body) {
        // given
        byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);

        // when / then
        assertThat(AudioSniffer.detect(bytes, bytes.length)).isEmpty();
    }

    @Test
    void shouldRefuseFrameSyncWithReservedFields() {
        // given: frame sync with the reserved MPEG version 01, and one with bitrate index 1111
        byte[] reservedVersion = HexFormat.of().parseHex("ffeb9064");
        byte[] badBitrate = HexFormat.of().parseHex("fffbf064");
        // and an ADTS header with the reserved sampling frequency index 1111
        byte[] adts = HexFormat.of().parseHex("fff17c80");

        // when / then
        assertThat(AudioSniffer.detect(reservedVersion, 4)).isEmpty();
        assertThat(AudioSniffer.detect(badBitrate, 4)).isEmpty();
        assertThat(AudioSniffer.detect(adts, 4)).isEmpty();
    }

    @Test
    void shouldRecogniseTheSpeechFixturesAndReplayEveryByte() throws Exception {
        for (String fixture : new String[] {AudioFixtures.TWILIO_DUAL_CHANNEL_MP3, AudioFixtures.TWILIO_DUAL_CHANNEL_WAV,
                AudioFixtures.ELEVENLABS_CONVERSATION_MP3}) {
            // given
            byte[] audio = AudioFixtures.bytes(fixture);

            // when
            AudioSniffer.Sniffed sniffed = AudioSniffer.sniff(new ByteArrayInputStream(audio));

            // then
            assertThat(sniffed.format()).contains(fixture.endsWith(".wav") ? AudioFormat.WAV : AudioFormat.MP3);
            assertThat(sniffed.body().readAllBytes()).isEqualTo(audio);
        }
    }
}
