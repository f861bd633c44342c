/** audit-service: the append-only audit log application and its wiring. */
package dev.callvault.audit;
