package dev.callvault.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Debian tools' own checks, run as processes: {@code docker-compose config} (Compose v1, no daemon needed) and
 * {@code promtool check rules} / {@code promtool test rules} (package {@code prometheus}). The tools are required:
 * {@code .ci/run} installs them (APT_PACKAGES).
 */
class CommandLineValidatorsTests {

    private static final String RULES = "deploy/observability/prometheus/callvault-alerts.yaml";

    @Test
    void shouldAcceptDockerComposeYml() throws Exception {
        // given Debian's docker-compose
        assertThat(Tools.onPath("docker-compose")).as("docker-compose on PATH (apt-get install docker-compose)")
                .isTrue();

        // when it resolves the file without a daemon
        Tools.Result result = Tools.run(List.of("docker-compose", "-f", "docker-compose.yml", "config", "-q"), 60,
                TimeUnit.SECONDS);

        // then it finds nothing wrong
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void shouldAcceptTheAlertRules() throws Exception {
        // given Debian's promtool
        assertThat(Tools.onPath("promtool")).as("promtool on PATH (apt-get install prometheus)").isTrue();

        // when it checks the rule file
        Tools.Result result = Tools.run(List.of("promtool", "check", "rules", RULES), 60, TimeUnit.SECONDS);

        // then every rule is valid
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: 8 rules found");
    }

    @Test
    void shouldFireTheAlertsTheirUnitTestsExpect() throws Exception {
        // given promtool and the rules' unit tests (series in, alerts out)
        assertThat(Tools.onPath("promtool")).as("promtool on PATH (apt-get install prometheus)").isTrue();

        // when they run
        Tools.Result result = Tools.run(List.of("promtool", "test", "rules",
                "deploy/observability/prometheus/callvault-alerts-test.yaml"), 60, TimeUnit.SECONDS);

        // then every expected alert fired with its labels and text, and no other
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }
}
