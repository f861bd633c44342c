/** Authorization rules of the playback API (token verification comes from the platform module). */
package dev.callvault.playback.security;
