-- List filters (issues 16 and 17): find a call by agent, by phone number (either party), by the provider's call id,
-- and by how silent its quietest-talking channel was. Every filter is within one tenant, so every index leads with it.
CREATE INDEX recording_tenant_agent_idx ON recording (tenant_id, agent_id) WHERE agent_id IS NOT NULL;
CREATE INDEX recording_tenant_from_idx ON recording (tenant_id, from_number) WHERE from_number IS NOT NULL;
CREATE INDEX recording_tenant_to_idx ON recording (tenant_id, to_number) WHERE to_number IS NOT NULL;
CREATE INDEX recording_tenant_call_idx ON recording (tenant_id, provider_call_id) WHERE provider_call_id IS NOT NULL;

-- The highest silence ratio over the recording's channels (1 - the lowest speech ratio), kept with the analysis so
-- that "calls in which a party was silent most of the time" is one comparison.
ALTER TABLE recording_analysis ADD COLUMN max_silence_ratio double precision;
UPDATE recording_analysis SET max_silence_ratio = (
    SELECT max(1 - (channel ->> 'speechRatio')::double precision) FROM jsonb_array_elements(per_channel) AS channel);
