package dev.callvault.local.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code down} stops what a launcher that is gone (killed, crashed) left running, from the pid files alone. */
class StackDownTests {

    @TempDir
    Path home;

    @Test
    void shouldStopProcessesLeftByALauncherThatIsGone() {
        // given a simulator started by a launcher that then disappeared without stopping it
        StackSettings settings = TestStacks.settings(home, Map.of());
        ServiceProcess simulator = new LocalStack(settings, System.out).startSimulator();
        assertThat(simulator.isAlive()).isTrue();

        // when down runs with nothing but the stack's folder
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        boolean anything = LocalStack.down(settings, new PrintStream(printed, true, StandardCharsets.UTF_8));

        // then the simulator process has ended and its pid file is gone
        assertThat(anything).isTrue();
        assertThat(simulator.isAlive()).isFalse();
        assertThat(new PidFiles(settings.pids()).names()).isEmpty();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Stopping provider-simulator (pid "
                + simulator.pid() + ")");
    }

    @Test
    void shouldReportThatNothingRanWhenThereAreNoLiveProcesses() {
        // given a state folder with a stale pid file of a process that has ended
        StackSettings settings = TestStacks.settings(home, Map.of());
        new PidFiles(settings.pids()).write("kafka", Long.MAX_VALUE - 1);

        // when down runs
        boolean anything = LocalStack.down(settings, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));

        // then it stops nothing and clears the stale file
        assertThat(anything).isFalse();
        assertThat(new PidFiles(settings.pids()).names()).isEmpty();
    }
}
