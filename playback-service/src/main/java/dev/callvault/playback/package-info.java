/** playback-service: application entry point; features live in the sub-packages. */
package dev.callvault.playback;
