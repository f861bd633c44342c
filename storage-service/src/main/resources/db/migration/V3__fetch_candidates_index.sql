-- Backfill walks a tenant's PENDING and FAILED recordings one status at a time in id order (keyset pages):
-- this index serves each page as a bounded range scan, however many rows the tenant has.
CREATE INDEX recording_tenant_status_id_idx ON recording (tenant_id, status, id);
