/** The recordings bucket in object storage (MinIO Java SDK): deleting objects and their object-lock legal holds. */
package dev.callvault.storage.objects;
