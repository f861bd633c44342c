/** The HTTP load generator of the playback and memory scenarios, run as its own JVM, and its launcher. */
package dev.callvault.bench.load;
