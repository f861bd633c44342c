/** A provider simulator for the local stack: Twilio-, ElevenLabs- and Vapi-shaped APIs serving the speech fixtures. */
package dev.callvault.local.simulator;
