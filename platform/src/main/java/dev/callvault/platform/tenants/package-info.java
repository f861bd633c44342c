/** Tenants and their provider credentials, {@code callvault.tenants.<id>.*}. */
package dev.callvault.platform.tenants;
