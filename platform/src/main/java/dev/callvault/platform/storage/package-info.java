/**
 * Object storage shared by fetch-worker, storage-service and playback-service: the {@code callvault.storage.s3.*}
 * properties, the MinIO client of the recordings bucket and its {@code objectStore} health component.
 */
package dev.callvault.platform.storage;
