/** media-worker: the media derivatives application and its wiring. */
package dev.callvault.media;
