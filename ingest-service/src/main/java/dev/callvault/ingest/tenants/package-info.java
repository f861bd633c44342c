/** Tenants and their provider credentials, resolved per webhook from {@code callvault.tenants.<id>.*}. */
package dev.callvault.ingest.tenants;
