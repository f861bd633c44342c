/** The BFF's calls to storage-, playback- and audit-service with the signed-in user's token. */
package dev.callvault.dashboard.backend;
