package dev.callvault.bench;

import java.util.List;

/** Every scenario {@code bench/run} knows, in the order they run. */
final class Scenarios {

    private Scenarios() {
    }

    /** @return the scenarios, in run order */
    static List<Scenario> all() {
        return List.of();
    }
}
