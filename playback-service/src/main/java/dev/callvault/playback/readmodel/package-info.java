/** The playback read model: lifecycle events into {@code playback.recording}, lookups, and the availability API. */
package dev.callvault.playback.readmodel;
