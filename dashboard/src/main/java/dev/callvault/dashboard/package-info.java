/**
 * The CallVault dashboard: a web app (recordings, a recording with its player and custody timeline, the audit log)
 * and its backend-for-frontend. The browser holds only a session cookie; the BFF calls storage-, playback- and
 * audit-service with the signed-in user's token.
 */
package dev.callvault.dashboard;
