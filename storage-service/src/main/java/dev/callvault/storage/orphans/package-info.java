/** Orphans in both directions: objects no {@code AVAILABLE} entry owns, and entries whose object is missing. */
package dev.callvault.storage.orphans;
