/** RecordingAccessed publishing: acknowledged by the broker before the answer, fail closed with 503. */
package dev.callvault.playback.access;
