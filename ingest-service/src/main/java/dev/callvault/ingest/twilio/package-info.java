/** Twilio recording status callbacks: signature check, recording URL policy and mapping to {@code CallEnded}. */
package dev.callvault.ingest.twilio;
