/** The recordings bucket (MinIO Java SDK): listing, checking and deleting objects, object-lock legal holds. */
package dev.callvault.storage.objects;
