/** Infrastructure faults driven through a running local stack, and the count of what survived them. */
package dev.callvault.local.chaos;
