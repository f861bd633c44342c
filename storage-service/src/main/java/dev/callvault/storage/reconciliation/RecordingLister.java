package dev.callvault.storage.reconciliation;

import dev.callvault.events.CallEnded;
import dev.callvault.events.Provider;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** One provider's listing of a tenant's recent recordings, as the {@code CallEnded} events its webhooks would give. */
interface RecordingLister {

    /** {@code metadata} entry of every event a listing gives, naming how the call was found. */
    String SOURCE_KEY = "callvault.source";

    /** Value of {@link #SOURCE_KEY}. */
    String SOURCE_VALUE = "reconciliation";

    /** Most pages one listing follows in one run: a bound against a provider that never ends its paging. */
    int MAX_PAGES = 1_000;

    /** @return the provider listed */
    Provider provider();

    /**
     * @param tenantId a configured tenant
     * @return whether the tenant has the credentials this listing needs
     */
    boolean configuredFor(String tenantId);

    /**
     * Lists the tenant's finished recordings created (Twilio) or started (ElevenLabs) at or after {@code since},
     * following the provider's paging, and hands them over one page at a time, so memory is bounded by a page.
     *
     * @param tenantId a tenant for which {@link #configuredFor} holds
     * @param since    start of the window
     * @param now      the run's time: {@code occurredAt} of the events
     * @param pages    receives the finished recordings of each page (possibly an empty list)
     * @throws ListingFailedException if a page cannot be read; the pages handed over before stay handed over
     */
    void listFinished(String tenantId, Instant since, Instant now, Consumer<List<CallEnded>> pages);
}
