/** The demo command: signed webhooks through the running local stack up to a checked playback range. */
package dev.callvault.local.demo;
