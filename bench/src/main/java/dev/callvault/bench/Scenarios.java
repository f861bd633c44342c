package dev.callvault.bench;

import dev.callvault.bench.memory.MemoryBoundsScenario;
import dev.callvault.bench.playback.PlaybackScenario;
import java.util.List;

/** Every scenario {@code bench/run} knows, in the order they run. */
final class Scenarios {

    private Scenarios() {
    }

    /** @return the scenarios, in run order */
    static List<Scenario> all() {
        return List.of(
                new PlaybackScenario(),
                new MemoryBoundsScenario());
    }
}
