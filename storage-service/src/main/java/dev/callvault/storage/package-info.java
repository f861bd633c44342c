/** storage-service: the recordings catalog application and its wiring. */
package dev.callvault.storage;
