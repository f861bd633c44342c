/** The Telnyx client: its API settings, the tenant credentials it binds, the recording request it makes. */
package dev.callvault.fetch.providers.telnyx;
