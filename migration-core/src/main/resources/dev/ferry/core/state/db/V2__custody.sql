-- The chain-of-custody log (dev.ferry.core.state.JdbcCustodyLog), one hash chain per migration, for
-- H2 2.x and PostgreSQL 12+. Rows are only ever inserted: a record is never updated or deleted.
--
-- Each row holds the fields that dev.ferry.api.CustodyChain hashes, as they were hashed, so that the
-- chain can be checked from this table alone, by Ferry or by any other implementation of the chain:
-- the time in epoch milliseconds (what is hashed, exactly; no time zone or precision to lose), the
-- event type's name, the actor, the item's three UIDs (NULL when absent), and the details as a JSON
-- object in key order (legible to an auditor, and JSON escapes what a PostgreSQL TEXT cannot hold).
-- Details may hold patient data (the old and new values of a coerced tag): this is the proof, in the
-- migration's own database. Ferry never logs it.
--
-- Appends to one migration are serialized by a lock on its row in ferry_migrations, so seq has no
-- gaps and each row links to the one before. No foreign key to ferry_migrations: the append takes that
-- row's lock anyway, and H2 would keep an index of its own for the key.

CREATE TABLE IF NOT EXISTS ferry_custody (
    migration_id     VARCHAR(256) ${key_collation} NOT NULL,
    seq              BIGINT NOT NULL,
    event_millis     BIGINT NOT NULL,
    event_type       VARCHAR(32) NOT NULL,
    actor            VARCHAR NOT NULL,
    study_uid        VARCHAR(256) ${key_collation},
    series_uid       VARCHAR(256),
    sop_uid          VARCHAR(256),
    details          TEXT NOT NULL,
    -- SHA-256 in lower-case hexadecimal: the previous record's hash (64 zeros for the first) and this one's
    previous_hash    VARCHAR(64) NOT NULL,
    hash             VARCHAR(64) NOT NULL,
    CONSTRAINT pk_ferry_custody PRIMARY KEY (migration_id, seq)
);

-- Reading one study's records in order (ferry custody --study).
CREATE INDEX IF NOT EXISTS ix_ferry_custody_study ON ferry_custody (migration_id, study_uid, seq);
