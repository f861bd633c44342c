/** The one-command local stack: settings from the environment, the processes it starts, pid and stack files. */
package dev.callvault.local.launcher;
