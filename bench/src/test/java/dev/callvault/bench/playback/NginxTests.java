package dev.callvault.bench.playback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NginxTests {

    @Test
    void shouldServeTheRootWithSendfileOnLoopbackOnlyAndKeepEverythingInItsFolder() {
        // given
        Path dir = Path.of("/work/run/nginx");

        // when
        String conf = Nginx.configuration(dir, Path.of("/work/run/html"), 18080, false);

        // then
        assertThat(conf).contains("listen 127.0.0.1:18080;", "root /work/run/html;", "sendfile on;", "tcp_nopush off;",
                "access_log off;", "pid /work/run/nginx/nginx.pid;", "client_body_temp_path /work/run/nginx/tmp/body;",
                "audio/mpeg mp3;");
        assertThat(conf).doesNotContain("user root");
    }

    @Test
    void shouldRunTheWorkersAsRootWhenStartedByRoot() {
        // when
        String conf = Nginx.configuration(Path.of("/d"), Path.of("/r"), 1, true);

        // then the workers can read the run's folder, which other users may not traverse
        assertThat(conf).startsWith("user root;\n");
    }
}
