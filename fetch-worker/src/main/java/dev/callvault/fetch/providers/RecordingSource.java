package dev.callvault.fetch.providers;

import dev.callvault.events.Provider;

/**
 * A provider's API for recording media: one implementation per provider. Implementations only ever request URLs
 * under their configured base URL ({@code callvault.providers.<provider>.api-base-url}) — Vapi also its pre-signed
 * storage URLs on {@code callvault.providers.vapi.recording-hosts}, without credentials — and use the tenant's own
 * credentials ({@code callvault.tenants.<id>.<provider>.*}).
 */
public interface RecordingSource {

    /** @return the provider served */
    Provider provider();

    /** @return the extension the provider's media normally has (the object key is looked up under it first) */
    String expectedExtension();

    /**
     * Checks that the request's ids are well-formed for this provider, before anything is looked up or fetched.
     *
     * @param request the request
     * @throws FetchFailedException with {@link FailureCode#INVALID_EVENT} if an id is malformed
     */
    void checkRequest(RecordingRequest request);

    /**
     * Requests the recording's media and returns the answer once its headers arrived (2xx only).
     *
     * @param request the request
     * @return the response body, not yet read
     * @throws FetchFailedException for a non-2xx answer, an unreachable provider, missing credentials or an
     *                              account mismatch
     */
    RecordingBody open(RecordingRequest request);
}
