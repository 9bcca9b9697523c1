-- Evidence per stored instance, taken as it left the source, for the verifiers of a later validation
-- (which may run in another process, days later): the transfer syntax it left in, the digest of its
-- Pixel Data value ("SHA-256:hex", see dev.ferry.api.InstanceEvidence) and the source header values
-- the verifiers asked for, as a JSON object keyed by tag path. Those values may be patient data (dose,
-- identity): this is the proof, in the migration's own database; Ferry never logs them.
-- All three are NULL for an instance recorded before this version, or adopted from the destination.

ALTER TABLE ferry_instances ADD COLUMN IF NOT EXISTS transfer_syntax VARCHAR(64);
ALTER TABLE ferry_instances ADD COLUMN IF NOT EXISTS pixel_digest VARCHAR(200);
ALTER TABLE ferry_instances ADD COLUMN IF NOT EXISTS evidence VARCHAR(1000000);
