/** Backfill: re-requests the fetch of a tenant's PENDING and FAILED recordings ({@code POST /v1/admin/backfill}). */
package dev.callvault.storage.backfill;
