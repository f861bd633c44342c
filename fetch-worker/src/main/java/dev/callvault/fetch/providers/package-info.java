/**
 * What every provider client shares: the {@link dev.callvault.fetch.providers.RecordingSource} interface the fetch
 * finds the provider's client by, {@link dev.callvault.fetch.providers.ProviderHttp} (requests confined to configured
 * base URLs and hosts), failure codes, and the checks of pre-signed URLs. Each provider's client lives in its own
 * subpackage and is found on the class path as a {@code RecordingSource} bean; nothing here names a provider.
 */
package dev.callvault.fetch.providers;
