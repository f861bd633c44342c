/** The one place that turns every HTTP error into an RFC 9457 problem detail. */
package dev.callvault.playback.web;
