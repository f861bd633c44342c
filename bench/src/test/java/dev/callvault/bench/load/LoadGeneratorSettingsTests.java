package dev.callvault.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LoadGeneratorSettingsTests {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

    @Test
    void shouldParseTheArgumentsWithDefaultWarmupAndRangeLength() {
        // given
        String[] args = {"--mode", "range", "--clients", "64", "--size", "100000000", "--seconds", "4.5"};

        // when
        LoadGenerator.Settings settings = LoadGenerator.Settings.parse(args);

        // then
        assertThat(settings).isEqualTo(new LoadGenerator.Settings("range", 64, 100_000_000L, 4.5, 0, 65536));
    }

    @Test
    void shouldRejectAnUnknownModeOrAMissingArgument() {
        // when / then
        assertThatThrownBy(() -> LoadGenerator.Settings.parse("--mode", "post", "--clients", "1", "--size", "10",
                "--seconds", "1")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mode");
        assertThatThrownBy(() -> LoadGenerator.Settings.parse("--mode", "full", "--clients", "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("usage");
        assertThatThrownBy(() -> LoadGenerator.Settings.parse("--mode", "full", "--clients", "1", "--size", "10",
                "--seconds", "1", "--url", "http://x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectARangeLongerThanTheFile() {
        // when / then
        assertThatThrownBy(() -> new LoadGenerator.Settings("range", 1, 1000, 1, 0, 65536))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldDrawRangesOfTheRightLengthInsideTheFile() {
        // given a file just one byte longer than a range, so only two ranges exist
        LoadGenerator.Settings settings = new LoadGenerator.Settings("range", 1, 65537, 1, 0, 65536);
        SplittableRandom random = new SplittableRandom(42);

        // when
        boolean[] firsts = new boolean[2];
        for (int i = 0; i < 200; i++) {
            Matcher range = RANGE.matcher(settings.randomRange(random));
            assertThat(range.matches()).isTrue();
            long first = Long.parseLong(range.group(1));
            long last = Long.parseLong(range.group(2));

            // then each is 65,536 bytes (RFC 9110 section 14.1.2: last-pos is inclusive) and inside the file
            assertThat(last - first + 1).isEqualTo(65536);
            assertThat(last).isLessThan(65537);
            firsts[(int) first] = true;
        }
        assertThat(firsts).containsOnly(true);
    }
}
