package dev.callvault.storage.reconciliation;

import dev.callvault.events.CallDirection;
import dev.callvault.events.CallEnded;
import dev.callvault.events.HttpDates;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.platform.tenants.TenantCredentials;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Twilio's "Read multiple Recording resources"
 * (https://www.twilio.com/docs/voice/api/recording#read-multiple-recording-resources):
 * {@code GET {api-base-url}/2010-04-01/Accounts/{AccountSid}/Recordings.json?PageSize=100&DateCreated>=<ISO-8601>}
 * with HTTP Basic (account SID, auth token). The filter is the wire form of the SDKs' {@code dateCreatedAfter}
 * ({@code DateCreated>}, as twilio-java sends it). Pages follow {@code next_page_uri} (a path under the API base,
 * {@code null} on the last page).
 *
 * <p>Only {@code status=completed} recordings of the tenant's account are finished; each becomes the {@code CallEnded}
 * that ingest-service builds from the recording status callback: recording id from {@code sid}, call id
 * {@code call_sid}, account {@code account_sid}, start {@code start_time} and {@code duration} (RFC 2822 date, whole
 * seconds as a string), end = start + duration (else {@code date_created}), {@code channels}, and the recording URL
 * {@code {api-base-url}/2010-04-01/Accounts/{AccountSid}/Recordings/{sid}} as Twilio's callback names it.
 */
@Component
class TwilioRecordingLister implements RecordingLister {

    static final int PAGE_SIZE = 100;

    private static final DateTimeFormatter TWILIO_FILTER = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private final TenantCredentials tenants;
    private final ProviderApi api;

    TwilioRecordingLister(TenantCredentials tenants, ProviderApiProperties apis, HttpClient reconciliationHttpClient,
            JsonMapper json) {
        this.tenants = tenants;
        this.api = new ProviderApi("Twilio", apis.twilio().apiBaseUrl(), reconciliationHttpClient, json);
    }

    @Override
    public Provider provider() {
        return Provider.TWILIO;
    }

    @Override
    public boolean configuredFor(String tenantId) {
        return account(tenantId).isPresent();
    }

    @Override
    public void listFinished(String tenantId, Instant since, Instant now, Consumer<List<CallEnded>> pages) {
        Account account = account(tenantId).orElseThrow();
        String authorization = "Basic " + Base64.getEncoder().encodeToString(
                (account.accountSid() + ":" + account.authToken()).getBytes(StandardCharsets.UTF_8));
        String accountPath = "/2010-04-01/Accounts/" + encode(account.accountSid());
        String next = accountPath + "/Recordings.json?PageSize=" + PAGE_SIZE + "&" + encode("DateCreated>") + "="
                + encode(TWILIO_FILTER.format(since));
        for (int page = 0; next != null; page++) {
            if (page == MAX_PAGES) {
                throw new ListingFailedException("Twilio listing has more than " + MAX_PAGES + " pages");
            }
            JsonNode body = api.get(api.resolve(next), "Authorization", authorization);
            JsonNode recordings = body.get("recordings");
            if (recordings == null || !recordings.isArray()) {
                throw new ListingFailedException("Twilio listing page without a recordings array");
            }
            List<CallEnded> finished = new ArrayList<>();
            for (JsonNode recording : recordings) {
                String sid = ProviderApi.text(recording, "sid");
                if (sid != null && "completed".equals(ProviderApi.text(recording, "status"))
                        && account.accountSid().equals(ProviderApi.text(recording, "account_sid"))) {
                    finished.add(callEnded(tenantId, account.accountSid(), accountPath, sid, recording, now));
                }
            }
            pages.accept(finished);
            next = ProviderApi.text(body, "next_page_uri");
        }
    }

    private CallEnded callEnded(String tenantId, String accountSid, String accountPath, String sid,
            JsonNode recording, Instant now) {
        Instant startedAt = rfc2822(ProviderApi.text(recording, "start_time"));
        Long duration = ProviderApi.number(recording, "duration");
        Integer durationSeconds = duration == null || duration < 0 || duration > Integer.MAX_VALUE ? null
                : duration.intValue();
        Long channels = ProviderApi.number(recording, "channels");
        Instant createdAt = rfc2822(ProviderApi.text(recording, "date_created"));
        Instant endedAt = startedAt != null && durationSeconds != null ? startedAt.plusSeconds(durationSeconds)
                : createdAt != null ? createdAt : now;
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("RecordingStatus", "completed");
        String source = ProviderApi.text(recording, "source");
        if (source != null) {
            metadata.put("RecordingSource", source);
        }
        metadata.put(SOURCE_KEY, SOURCE_VALUE);
        return CallEnded.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(now)
                .setTenantId(tenantId)
                .setRecordingId(RecordingIds.of(tenantId, Provider.TWILIO, sid))
                .setProvider(Provider.TWILIO)
                .setProviderCallId(ProviderApi.text(recording, "call_sid"))
                .setProviderRecordingId(sid)
                .setProviderAccountId(accountSid)
                .setRecordingUrl(api.resolve(accountPath + "/Recordings/" + encode(sid)).toString())
                .setCallStartedAt(startedAt)
                .setCallEndedAt(endedAt)
                .setDurationSeconds(durationSeconds)
                .setChannels(channels == null || channels <= 0 || channels > 8 ? null : channels.intValue())
                .setDirection(CallDirection.UNKNOWN)
                .setRecordingAvailable(true)
                .setMetadata(metadata)
                .build();
    }

    private static Instant rfc2822(String value) {
        if (value == null) {
            return null;
        }
        try {
            return HttpDates.parseTwilio(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private Optional<Account> account(String tenantId) {
        return tenants.of(tenantId, "twilio", Account.class).filter(Account::isComplete);
    }

    /**
     * A tenant's Twilio account, {@code callvault.tenants.<id>.twilio.*}.
     *
     * @param accountSid the account SID, the REST API's user name
     * @param authToken  the auth token, the REST API's password; never logged
     */
    record Account(String accountSid, String authToken) {

        boolean isComplete() {
            return accountSid != null && !accountSid.isBlank() && authToken != null && !authToken.isBlank();
        }

        @Override
        public String toString() {
            return "Account[accountSid=" + accountSid + "]";
        }
    }
}
