-- The Idempotency-Key of every write that carried one (docs/adr/0010): written by the command side in the same
-- transaction as the write's events, so a key is stored exactly when its write is, and a repeat of the request
-- answers the stored response instead of writing again. A request rejected (4xx) stores nothing.
--
-- The key is stored as its SHA-256 (key_hash) and the response body encrypted with a key derived from the client's
-- key (AES-GCM): the body of POST /v1/users holds the new user's API key, which API.md says is stored only as a
-- hash. Whoever reads this table cannot read that key back; whoever repeats the request with its key can.
create table idempotency_keys (
    organization_id  text        not null,
    key_hash         text        not null,
    -- SHA-256 of the request as the client meant it: method, path, caller, and the JSON body re-serialized.
    request_hash     text        not null,
    -- The answer: set before the write commits, so null only while its transaction runs (and nobody else
    -- sees the row then). Headers are those the gateway and the client need (Location, ETag, X-Aggregate-Version...).
    response_status  integer,
    response_headers jsonb,
    response_body    bytea,
    created_at       timestamptz not null default now(),
    primary key (organization_id, key_hash)
);

-- The cleanup deletes by age.
create index idempotency_keys_created_at on idempotency_keys (created_at);
