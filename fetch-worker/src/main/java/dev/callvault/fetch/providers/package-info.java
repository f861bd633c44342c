/** Provider API clients (Twilio, ElevenLabs) behind one interface, confined to the configured base URLs. */
package dev.callvault.fetch.providers;
