package dev.callvault.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callvault.local.launcher.LocalDefaults;
import dev.callvault.local.simulator.LargeRecording;
import dev.callvault.local.testing.DevJwts;
import dev.callvault.local.testing.ProviderCall;
import dev.callvault.local.testing.StackWebhooks;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard in a real browser: Playwright ({@code dashboard/src/test/browser}, installed with {@code npm ci} from
 * its committed lockfile) drives Debian's {@code chromium} against the launcher's stack. The browser signs in at
 * {@code /dev-login}, finds a prepared 40 MB recording in the list, narrows the list with filters, plays the
 * recording, clicks at 50 % of the position bar, places a legal hold, sees the listen in the custody timeline and the
 * audit log (and its CSV export), and sees a call that ends meanwhile appear without a reload; it also checks that
 * nothing secret sits in the browser's storage or console. This class then checks the services' side: the audit log
 * holds the seek's 206 for a range starting near the middle, and the catalog holds the hold the page placed.
 * Screenshots of each page land in {@code target/dashboard-browser/screenshots}.
 */
class DashboardBrowserSystemTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SUBJECT = "dashboard-browser";
    private static final Pattern OPEN_RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");
    /** 40 MB: more than Chromium reads ahead, so the seek to the middle needs a request of its own. */
    private static final LargeRecording LARGE = new LargeRecording(40_000_000, 400_000_000);

    private static Map<String, String> addresses;
    private static StackWebhooks webhooks;

    @BeforeAll
    static void startStack() throws Exception {
        assertThat(HeadlessChromium.installed()).as("%s is missing: install Debian's chromium (.ci/run does)",
                HeadlessChromium.BINARY).isTrue();
        LauncherStacks.Shared shared = LauncherStacks.shared();
        addresses = shared.addresses();
        webhooks = new StackWebhooks(addresses, shared.environment());
        assertThat(addresses).as("the launcher starts the dashboard when its jar is built").containsKey("dashboard.url");
    }

    @Test
    void shouldLetAPersonFindHearSeekHoldAndAuditARecordingInTheBrowser() throws Exception {
        // given a 40 MB ElevenLabs recording that went through the pipeline, and a Twilio call that ends later
        ProviderCall prepared = webhooks.newLargeCall(LARGE);
        assertThat(webhooks.send(prepared)).isEqualTo(202);
        String reader = DevJwts.issue(LocalDefaults.JWT_SECRET, "system-test", LocalDefaults.TENANT,
                "recordings:read", "audit:read");
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() ->
                "AVAILABLE".equals(entry(prepared, reader).path("status").asString()));
        ProviderCall live = webhooks.newTwilioCall();
        StackWebhooks.SignedRequest liveWebhook = webhooks.twilioCallback(live);

        // when the browser test runs against the dashboard
        Path work = Files.createDirectories(Path.of("target", "dashboard-browser").toAbsolutePath());
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("dashboardUrl", addresses.get("dashboard.url"));
        input.put("ingestUrl", addresses.get("ingest-service.url"));
        input.put("subject", SUBJECT);
        input.put("recordingId", prepared.recordingId().toString());
        String agentId = entry(prepared, reader).path("agentId").asString();
        assertThat(agentId).as("the prepared call names its agent").isNotBlank();
        input.put("agentId", agentId);
        input.put("liveRecordingId", live.recordingId().toString());
        input.put("liveWebhook", Map.of("path", liveWebhook.path(), "headers", liveWebhook.headers(),
                "body", liveWebhook.body()));
        input.put("screenshots", work.resolve("screenshots").toString());
        Path inputFile = work.resolve("input.json");
        Files.writeString(inputFile, JSON.writeValueAsString(input));
        Path browserTests = Path.of("..", "dashboard", "src", "test", "browser").toAbsolutePath().normalize();
        Run install = run(browserTests, work.resolve("npm-ci.log"), Duration.ofMinutes(5), Map.of(),
                "npm", "ci", "--no-audit", "--no-fund");
        assertThat(install.status()).as(install.output()).isZero();
        Run browser = run(browserTests, work.resolve("playwright.log"), Duration.ofMinutes(6), Map.of(
                        "CALLVAULT_DASHBOARD_TEST_INPUT", inputFile.toString(),
                        "CALLVAULT_DASHBOARD_TEST_OUTPUT", work.toString(),
                        "CALLVAULT_CHROMIUM", HeadlessChromium.BINARY),
                "npx", "playwright", "test");

        // then every step in the browser passed
        assertThat(browser.status()).as(browser.output()).isZero();

        // and the audit log holds the seek: a 206 for a range that starts near the middle of the recording
        List<Long> starts = new ArrayList<>();
        for (JsonNode access : auditEvents(prepared, reader)) {
            Matcher range = OPEN_RANGE.matcher(access.path("requestedRange").asString(""));
            if (access.path("httpStatus").asInt() == 206 && SUBJECT.equals(access.path("subject").asString())
                    && range.matches()) {
                starts.add(Long.parseLong(range.group(1)));
            }
        }
        assertThat(starts).as("range starts of the browser's 206 answers").anySatisfy(start -> assertThat(start)
                .isBetween((long) (LARGE.sizeBytes() * 0.40), (long) (LARGE.sizeBytes() * 0.60)));

        // and the catalog holds the legal hold the page placed, by the signed-in user
        JsonNode held = entry(prepared, reader);
        assertThat(held.path("legalHold").asBoolean()).isTrue();
        assertThat(held.path("legalHoldReason").asString()).isEqualTo("Dispute 4711, keep until resolved");
        assertThat(held.path("legalHoldBy").asString()).isEqualTo(SUBJECT);
        // and the page saw the live call, which the pipeline stored
        assertThat(entry(live, reader).path("status").asString()).isEqualTo("AVAILABLE");
    }

    private static JsonNode entry(ProviderCall call, String token) throws IOException, InterruptedException {
        HttpResponse<String> answer = Webhooks.send(HttpRequest.newBuilder(URI.create(
                        addresses.get("storage-service.url") + "/v1/recordings/" + call.recordingId()))
                .header("Authorization", "Bearer " + token).GET().build());
        return answer.statusCode() == 200 ? Catalog.json(answer.body()) : JSON.createObjectNode();
    }

    private static JsonNode auditEvents(ProviderCall call, String token) throws IOException, InterruptedException {
        HttpResponse<String> answer = Webhooks.send(HttpRequest.newBuilder(URI.create(addresses.get(
                        "audit-service.url") + "/v1/audit-events?action=STREAM&size=500&recordingId="
                        + call.recordingId()))
                .header("Authorization", "Bearer " + token).GET().build());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return Catalog.json(answer.body()).path("items");
    }

    private record Run(int status, String output) {
    }

    private static Run run(Path directory, Path log, Duration timeout, Map<String, String> environment,
            String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        builder.environment().put("CI", "1");
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Run(-1, String.join(" ", command) + " did not finish in " + timeout + ":\n" + read(log));
        }
        return new Run(process.exitValue(), read(log));
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }
}
