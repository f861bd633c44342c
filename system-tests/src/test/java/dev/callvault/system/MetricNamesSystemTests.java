package dev.callvault.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.local.launcher.ServiceProcess;
import dev.callvault.local.testing.AudioFixtures;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboards and alerts of {@code deploy/observability} query only metrics the running services expose: after a
 * little traffic (a Twilio recording end to end, a signed URL and a stream), every metric name in the Grafana
 * dashboard's queries and in the Prometheus alert rules appears in some service's {@code /actuator/prometheus},
 * except the few listed in {@link #FROM_ELSEWHERE}. Also: every service answers {@code /actuator/health/readiness}
 * with 200 once ready, which the container health checks and Kubernetes readiness probes rely on.
 */
class MetricNamesSystemTests {

    /**
     * Metrics that no CallVault service exposes, with where they come from. Nothing else may be missing.
     */
    static final Map<String, String> FROM_ELSEWHERE = Map.of(
            "kafka_topic_partition_current_offset", "kafka-exporter (dead-letter topics have no consumer)",
            "kafka_topic_partition_oldest_offset", "kafka-exporter (dead-letter topics have no consumer)",
            "minio_bucket_usage_total_bytes", "MinIO's own metrics endpoint (bytes stored in the bucket)");

    private static final Path OBSERVABILITY = Path.of("..", "deploy", "observability");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);
    private static final Set<String> PROMQL_KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan");

    private static SystemUnderTest system;
    private static ServiceProcess mediaWorker;

    @BeforeAll
    static void startSystem() {
        system = SystemUnderTest.get();
        mediaWorker = system.startMediaWorker();
    }

    @org.junit.jupiter.api.AfterAll
    static void stopMediaWorker() {
        if (mediaWorker != null) {
            mediaWorker.close();
        }
    }

    @Test
    void shouldExposeEveryMetricTheDashboardAndTheAlertRulesQuery() throws IOException {
        // given a little traffic: a Twilio recording through the pipeline, a minted URL and a ranged stream
        String recordingSid = Providers.newRecordingSid();
        UUID recordingId = RecordingIds.of(SystemUnderTest.TENANT, Provider.TWILIO, recordingSid);
        system.provider.stubFor(Providers.twilioMedia(recordingSid)
                .willReturn(Providers.mp3(AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3))));
        HttpResponse<String> accepted = Webhooks.postTwilio(system, SystemUnderTest.TENANT,
                Webhooks.twilioCompleted(system, recordingSid));
        assertThat(accepted.statusCode()).isEqualTo(202);
        Catalog.awaitStatus(system, recordingId, "AVAILABLE", Duration.ofSeconds(60));
        Playback.awaitAvailable(system, recordingId, Duration.ofSeconds(30));
        HttpResponse<String> stream = Webhooks.send(HttpRequest.newBuilder(Playback.mint(system, recordingId, "metrics"))
                .header("Range", "bytes=0-99").GET().build());
        assertThat(stream.statusCode()).isEqualTo(206);
        await().atMost(Duration.ofSeconds(30)).until(() -> Playback.auditEvents(system, recordingId)
                .path("items").size() >= 2);

        // when every service's metrics are scraped and the queries' metric names collected
        Set<String> queried = new TreeSet<>();
        for (String expression : dashboardExpressions()) {
            queried.addAll(metricNames(expression));
        }
        for (String expression : alertExpressions()) {
            queried.addAll(metricNames(expression));
        }
        Set<String> missing = new TreeSet<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Set<String> exposed = exposedMetricNames();
            missing.clear();
            queried.stream().filter(name -> !exposed.contains(name) && !FROM_ELSEWHERE.containsKey(name))
                    .forEach(missing::add);
            assertThat(missing).as("queried but not exposed by any service").isEmpty();
        });

        // then the queries are real (the extraction found the pipeline's own metrics) and every one is exposed
        assertThat(queried).contains("callvault_fetch_outcomes_total", "http_server_requests_seconds_count",
                "callvault_audit_events_total", "kafka_consumer_fetch_manager_records_lag");
        assertThat(missing).isEmpty();
    }

    @Test
    void shouldAnswerReadinessWhenReady() {
        // given the running services / when their readiness group is asked / then each answers 200 UP
        for (ServiceProcess service : services()) {
            HttpResponse<String> response = Webhooks.send(HttpRequest.newBuilder(
                    URI.create(service.baseUrl() + "/actuator/health/readiness")).GET().build());
            assertThat(response.statusCode()).as(service.name()).isEqualTo(200);
            assertThat(Catalog.json(response.body()).path("status").asString()).as(service.name()).isEqualTo("UP");
            HttpResponse<String> liveness = Webhooks.send(HttpRequest.newBuilder(
                    URI.create(service.baseUrl() + "/actuator/health/liveness")).GET().build());
            assertThat(liveness.statusCode()).as(service.name()).isEqualTo(200);
        }
    }

    @Test
    void shouldFindTheMetricNamesOfAQuery() {
        // given a query with label matchers, a regex, grouping, a range and a Grafana variable
        String query = "sum by (topic) (rate(a_total{topic=~\"x\\\\..*-dlt\", b=\"c{d}\"}[$__rate_interval]))"
                + " / on (topic) group_left b_seconds_count > bool 0.5";

        // when its names are extracted / then only the two metrics are found
        assertThat(metricNames(query)).containsExactlyInAnyOrder("a_total", "b_seconds_count");
    }

    private static List<ServiceProcess> services() {
        return List.of(system.ingest, system.fetchWorker, system.storage, system.playback, system.audit, mediaWorker);
    }

    private static Set<String> exposedMetricNames() {
        Set<String> names = new TreeSet<>();
        for (ServiceProcess service : services()) {
            HttpResponse<String> response = Webhooks.send(HttpRequest.newBuilder(
                    URI.create(service.baseUrl() + "/actuator/prometheus")).GET().build());
            assertThat(response.statusCode()).as(service.name()).isEqualTo(200);
            Matcher sample = SAMPLE.matcher(response.body());
            while (sample.find()) {
                names.add(sample.group(1));
            }
        }
        return names;
    }

    private static List<String> dashboardExpressions() throws IOException {
        List<String> expressions = new ArrayList<>();
        try (var files = Files.list(OBSERVABILITY.resolve("grafana"))) {
            for (Path dashboard : files.filter(file -> file.toString().endsWith(".json")).toList()) {
                JsonNode root = JsonMapper.builder().build().readTree(Files.readString(dashboard));
                for (JsonNode panel : root.path("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        expressions.add(target.path("expr").asString());
                    }
                }
            }
        }
        assertThat(expressions).isNotEmpty();
        return expressions;
    }

    /** The {@code expr:} values of the rule file, single-line or YAML block scalars ({@code expr: |}). */
    private static List<String> alertExpressions() throws IOException {
        List<String> lines = Files.readAllLines(OBSERVABILITY.resolve("prometheus/callvault-alerts.yaml"));
        List<String> expressions = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int at = line.indexOf("expr:");
            if (at < 0 || !line.substring(0, at).isBlank()) {
                continue;
            }
            String value = line.substring(at + "expr:".length()).trim();
            if (!value.equals("|")) {
                expressions.add(value);
                continue;
            }
            StringBuilder block = new StringBuilder();
            while (i + 1 < lines.size() && (lines.get(i + 1).isBlank()
                    || lines.get(i + 1).indexOf(lines.get(i + 1).trim()) > at)) {
                block.append(lines.get(++i).trim()).append('\n');
            }
            expressions.add(block.toString());
        }
        assertThat(expressions).hasSize(8);
        return expressions;
    }

    /**
     * The metric names of a PromQL expression: what remains once string literals, label matchers, ranges and the
     * label lists of {@code by}, {@code without}, {@code on}, {@code ignoring} and {@code group_*} are removed, minus
     * function names (followed by a parenthesis), keywords and numbers. Grammar: Prometheus "Querying basics".
     */
    static Set<String> metricNames(String expression) {
        String stripped = expression.replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = Pattern.compile("(?<![\\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()").matcher(stripped);
        while (identifier.find()) {
            String name = identifier.group(1);
            if (!PROMQL_KEYWORDS.contains(name.toLowerCase())) {
                names.add(name);
            }
        }
        return names;
    }
}
