package dev.callvault.bench;

import dev.callvault.bench.ingest.IngestScenario;
import dev.callvault.bench.media.MediaScenario;
import dev.callvault.bench.memory.MemoryBoundsScenario;
import dev.callvault.bench.pipeline.PipelineScenario;
import dev.callvault.bench.playback.PlaybackScenario;
import dev.callvault.bench.replay.ReplayScenario;
import java.util.List;

/** Every scenario {@code bench/run} knows, in the order they run. */
final class Scenarios {

    private Scenarios() {
    }

    /** @return the scenarios, in run order */
    static List<Scenario> all() {
        return List.of(
                new PlaybackScenario(),
                // its recordings are stored before the replay, so the replay re-fetches none of them
                new MemoryBoundsScenario(),
                new PipelineScenario(),
                new ReplayScenario(),
                // last: a replay from the start would fetch the calls its load creates
                new IngestScenario(),
                // no stack: media-worker's ffmpeg work in this JVM
                new MediaScenario());
    }
}
