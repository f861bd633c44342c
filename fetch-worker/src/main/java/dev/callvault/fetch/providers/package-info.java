/** Provider API clients (Twilio, ElevenLabs, Vapi) behind one interface, confined to configured base URLs and hosts. */
package dev.callvault.fetch.providers;
