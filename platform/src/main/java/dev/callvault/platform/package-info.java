/** Run-time pieces every CallVault service shares, wired by {@link dev.callvault.platform.PlatformAutoConfiguration}. */
package dev.callvault.platform;
