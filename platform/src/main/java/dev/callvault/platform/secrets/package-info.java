/** The refusal to run on the credentials published in the repository outside the local profile. */
package dev.callvault.platform.secrets;
