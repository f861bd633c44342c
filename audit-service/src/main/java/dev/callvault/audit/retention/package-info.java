/** storage-service's retention runs, one append-only row per tenant and run. */
package dev.callvault.audit.retention;
