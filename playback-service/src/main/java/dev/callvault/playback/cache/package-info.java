/** Settings of playback-service's request-path caches: recording bytes off the heap, read-model rows. */
package dev.callvault.playback.cache;
