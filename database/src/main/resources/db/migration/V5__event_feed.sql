-- The event feed (docs/adr/0007): every event gets a dense position in the order it became visible, once no
-- transaction still running could commit an event before it.

-- The sequencer's scan: events by the transaction that wrote them.
create index domainevententry_transaction on domainevententry (transaction_id, globalindex);

create table event_feed (
    position        bigint      not null primary key,
    globalindex     bigint      not null unique references domainevententry (globalindex),
    -- Every event of core-api names its organization; null only for an event that does not, which no
    -- organization's feed then shows.
    organization_id varchar(30)
);

-- An organization's feed, page by page.
create index event_feed_organization on event_feed (organization_id, position);

-- How far the sequencer has come: every event whose transaction id is below this one is in event_feed. One row.
create table event_feed_horizon (
    singleton      boolean not null primary key default true check (singleton),
    transaction_id xid8    not null
);
insert into event_feed_horizon (transaction_id) values ('0');
