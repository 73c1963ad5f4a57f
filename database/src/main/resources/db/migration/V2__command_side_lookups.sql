-- The command side's own view of which accounts and users exist in which organization: written by a subscribing
-- handler in the same transaction as the events that create them, so a task can never name an account or an
-- assignee of another organization, and never one whose creation was rolled back.
create table command_accounts (
    account_id      text primary key,
    organization_id text not null
);

create table command_users (
    user_id         text primary key,
    organization_id text not null,
    email           text not null
);

-- One user per e-mail address within an organization. A second one fails the transaction that would have
-- stored its UserCreated event, so the event store never holds the duplicate.
create unique index command_users_email on command_users (organization_id, lower(email));
