-- The query side's read models, shaped like the product document's database types: bigserial keys, ULIDs in
-- unique uid columns, bigint references, lookup tables for the three enums, timestamptz.
-- Every row keeps the version (aggregate sequence number) of the last event applied to it: the ETag, and what
-- read-your-writes waits for.

create table organizations (
    id         bigserial   primary key,
    uid        text        not null unique,
    name       text        not null,
    created_at timestamptz not null,
    version    bigint      not null
);

create table users (
    id              bigserial   primary key,
    uid             text        not null unique,
    organization_id bigint      not null references organizations (id),
    name            text        not null,
    email           text        not null,
    api_key_hash    text        not null unique,
    created_at      timestamptz not null,
    version         bigint      not null
);
create index users_by_organization on users (organization_id, created_at, id);

create table accounts (
    id              bigserial   primary key,
    uid             text        not null unique,
    organization_id bigint      not null references organizations (id),
    name            text        not null,
    primary_domain  text,
    created_by      bigint      references users (id),
    created_at      timestamptz not null,
    version         bigint      not null
);
create index accounts_by_organization on accounts (organization_id, created_at, id);

-- The ids of these rows are part of the schema: the priority sort orders by priority_id (LOW < MEDIUM < HIGH).
create table task_types (
    id   bigint primary key,
    name text   not null unique
);
insert into task_types (id, name) values (1, 'FOLLOW_UP'), (2, 'REVIEW'), (3, 'APPROVAL'), (4, 'CUSTOM');

create table task_statuses (
    id   bigint primary key,
    name text   not null unique
);
insert into task_statuses (id, name) values (1, 'PENDING'), (2, 'IN_PROGRESS'), (3, 'COMPLETED'), (4, 'CANCELLED');

create table task_priorities (
    id   bigint primary key,
    name text   not null unique
);
insert into task_priorities (id, name) values (1, 'LOW'), (2, 'MEDIUM'), (3, 'HIGH');

create table tasks (
    id              bigserial   primary key,
    uid             text        not null unique,
    organization_id bigint      not null references organizations (id),
    account_id      bigint      not null references accounts (id),
    title           text        not null,
    description     text,
    assignee_id     bigint      not null references users (id),
    -- An activity lives outside this system: its ACT_ id is kept as given, not as a reference.
    activity_id     text,
    type_id         bigint      not null references task_types (id),
    status_id       bigint      not null references task_statuses (id),
    priority_id     bigint      not null references task_priorities (id),
    attachment_urls text[]      not null default '{}',
    creator_id      bigint      not null references users (id),
    is_active       boolean     not null default true,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    deleted_at      timestamptz,
    version         bigint      not null
);
-- One index per sort of the list, each led by the account; the filters (status, priority, type, assignee) are
-- applied to an account's rows in index order.
create index tasks_by_account_created on tasks (account_id, created_at, id);
create index tasks_by_account_updated on tasks (account_id, updated_at, id);
create index tasks_by_account_priority on tasks (account_id, priority_id, created_at, id);
create index tasks_by_assignee on tasks (assignee_id);
