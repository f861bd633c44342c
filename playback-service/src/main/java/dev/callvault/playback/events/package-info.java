/** Server-Sent Events for dashboards: tenant-scoped announcements of recordings becoming AVAILABLE or FAILED. */
package dev.callvault.playback.events;
