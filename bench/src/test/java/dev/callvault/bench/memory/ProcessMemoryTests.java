package dev.callvault.bench.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcessMemoryTests {

    private static final String JSTAT_HEADER = "    S0C         S1C         S0U         S1U          EC           EU     "
            + "      OC           OU          MC         MU       CCSC      CCSU     YGC     YGCT     FGC    FGCT     "
            + "CGC    CGCT       GCT   ";

    @Test
    void shouldReadResidentMemoryAndItsPeakInBytesFromProcStatus() {
        // given an excerpt of /proc/<pid>/status (proc(5)), sizes in kB
        String status = """
                Name:	java
                VmPeak:	 4321000 kB
                VmHWM:	  262144 kB
                VmRSS:	  131072 kB
                Threads:	42
                """;

        // when
        ProcessMemory.Resident resident = ProcessMemory.parseStatus(status);

        // then
        assertThat(resident.rssBytes()).isEqualTo(131072L * 1024);
        assertThat(resident.hwmBytes()).isEqualTo(262144L * 1024);
    }

    @Test
    void shouldRejectAStatusWithoutResidentMemory() {
        // given the status of a kernel thread, which has no VmRSS line
        String status = "Name:\tkthreadd\nState:\tS (sleeping)\n";

        // when / then
        assertThatThrownBy(() -> ProcessMemory.parseStatus(status)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldSumTheUsedSpacesOfJstatGcAsTheHeapInUse() {
        // given a value line of jstat -gc (KB): S0U 0, S1U 512, EU 10240, OU 20480
        String line = "      0.0      1024.0         0.0       512.0     16384.0      10240.0     65536.0      20480.0"
                + "    40960.0    39000.5   5120.0   4800.2     12     0.050     1     0.020     -          -    0.070";

        // when
        var used = ProcessMemory.parseJstatHeapUsed(JSTAT_HEADER, line);

        // then
        assertThat(used).hasValue((512L + 10240 + 20480) * 1024);
    }

    @Test
    void shouldSkipJstatLinesThatAreNotValueLines() {
        // given a repeated header and a message
        // when / then
        assertThat(ProcessMemory.parseJstatHeapUsed(JSTAT_HEADER, JSTAT_HEADER)).isEmpty();
        assertThat(ProcessMemory.parseJstatHeapUsed(JSTAT_HEADER, "12345 not found")).isEmpty();
    }
}
