/** HTTP load for the playback and memory scenarios: wrk, a separate native process, driven by a generated Lua script. */
package dev.callvault.bench.load;
