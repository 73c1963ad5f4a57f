-- How far the query side has published the event feed to Kafka (docs/adr/0009), one row per topic: the feed
-- position of the last event the broker acknowledged. Written only after every send of a batch was acknowledged,
-- in the same transaction as the advisory lock that lets one instance publish at a time; so after a restart or
-- a failed send, publication goes on after this position (at least once: a batch may go out twice, never
-- with a gap).
create table kafka_publication (
    topic      varchar     not null primary key,
    position   bigint      not null,
    updated_at timestamptz not null default now()
);
