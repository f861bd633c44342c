/**
 * Scenario {@code media}: media-worker's decode, measurements and Opus rendition, on the committed speech fixtures and
 * a long call made from them.
 */
package dev.callvault.bench.media;
