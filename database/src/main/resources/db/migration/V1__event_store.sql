-- The event store: Axon's JDBC storage engine, with its default table and column names (unquoted, so lower
-- case in PostgreSQL). Payloads and metadata are Jackson JSON in bytea: never Hibernate large objects.
create table domainevententry (
    globalindex         bigserial    not null primary key,
    aggregateidentifier varchar(255) not null,
    sequencenumber      bigint       not null,
    type                varchar(255),
    eventidentifier     varchar(255) not null unique,
    metadata            bytea,
    payload             bytea        not null,
    payloadrevision     varchar(255),
    payloadtype         varchar(255) not null,
    timestamp           varchar(255) not null,
    -- The writing transaction: lets the event feed serve only what no open transaction can still precede
    -- (global indexes are handed out before commit, so they become visible out of order).
    transaction_id      xid8         not null default pg_current_xact_id(),
    -- Two writers of one aggregate cannot both append the same sequence number: optimistic concurrency.
    constraint domainevententry_aggregate_sequence unique (aggregateidentifier, sequencenumber)
);

create table snapshotevententry (
    aggregateidentifier varchar(255) not null,
    sequencenumber      bigint       not null,
    type                varchar(255) not null,
    eventidentifier     varchar(255) not null unique,
    metadata            bytea,
    payload             bytea        not null,
    payloadrevision     varchar(255),
    payloadtype         varchar(255) not null,
    timestamp           varchar(255) not null,
    primary key (aggregateidentifier, sequencenumber, type)
);

-- Tracking tokens of the event processors, written in the same transaction as the rows they project.
create table tokenentry (
    processorname varchar(255) not null,
    segment       integer      not null,
    token         bytea,
    tokentype     varchar(255),
    timestamp     varchar(255),
    owner         varchar(255),
    primary key (processorname, segment)
);
