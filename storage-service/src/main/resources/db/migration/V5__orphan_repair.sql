-- Orphan scan (issue 5): when the scan last re-requested an AVAILABLE entry's missing object through FetchRequested,
-- so that it asks again only once the grace period has passed.
ALTER TABLE recording ADD COLUMN orphan_repair_requested_at timestamptz;

-- The scan's walk over AVAILABLE entries of every tenant, in id order (keyset pages).
CREATE INDEX recording_available_idx ON recording (id) WHERE status = 'AVAILABLE';
