/**
 * The app's JSON API under {@code /api}: the signed-in user's session, recordings, playback URLs, holds and
 * deletions, custody timelines, the live feed and the audit log, each passed to the service that owns it.
 */
package dev.callvault.dashboard.api;
