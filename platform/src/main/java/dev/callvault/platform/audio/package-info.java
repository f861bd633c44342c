/** Audio formats CallVault accepts and their recognition by magic bytes, shared by fetch-worker and storage-service. */
package dev.callvault.platform.audio;
