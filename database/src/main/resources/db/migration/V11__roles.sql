-- Least privilege (docs/adr/0011): one group role per service, holding exactly what that service does to the
-- database. The services log in as users that are members of these groups (made by an operator, or by run-local,
-- docker-compose and the e2e tests); only the migrations run as the owner of the tables.
--
-- account_tasks_command: appends events (never rewrites one: select and insert only), keeps snapshots and its
--                        lookup tables (command_accounts, command_users, the idempotency keys).
-- account_tasks_query:   reads the event store and nothing else of the command side's; keeps the read models, its
--                        tracking tokens, the event feed and the Kafka position.
--
-- Every later migration that adds a table or sequence grants it, in that migration, to the group(s) that use
-- it: nothing is granted by default, so a forgotten grant fails loudly (permission denied, SQLState 42501) in
-- the e2e tests, which run the services as these users.

-- Creating a role needs CREATEROLE, which the owner has in run-local, the tests and docker-compose. On a managed
-- database whose migration user lacks it, an operator creates the two roles first (README, "Database roles"):
-- existing roles are left as they are.
do $$
begin
    if not exists (select from pg_roles where rolname = 'account_tasks_command') then
        create role account_tasks_command nologin;
    end if;
    if not exists (select from pg_roles where rolname = 'account_tasks_query') then
        create role account_tasks_query nologin;
    end if;
    -- The schema the migrations run in (Flyway's default: public).
    execute format('grant usage on schema %I to account_tasks_command, account_tasks_query', current_schema());
end
$$;

-- ---- the event store (V1) ----------------------------------------------------------------------------------
-- Events are written once and never changed: no update, delete or truncate for anyone but the owner.
grant select, insert on domainevententry to account_tasks_command;
grant usage on sequence domainevententry_globalindex_seq to account_tasks_command;
-- Axon deletes the older snapshots of an aggregate when it stores a new one.
grant select, insert, delete on snapshotevententry to account_tasks_command;

grant select on domainevententry, snapshotevententry to account_tasks_query;

-- Tracking tokens: only the query side runs tracking (pooled streaming) processors; a replay resets them.
grant select, insert, update, delete on tokenentry to account_tasks_query;

-- ---- the command side's lookup tables (V2) and idempotency keys (V8) -----------------------------------------
-- The idempotency keys' responses may hold a new user's API key (encrypted): the query side has no business there.
grant select, insert, update, delete on command_accounts, command_users, idempotency_keys
    to account_tasks_command;

-- ---- the read models (V3, V6) ------------------------------------------------------------------------------
grant select, insert, update, delete on organizations, users, accounts, tasks to account_tasks_query;
grant usage on sequence organizations_id_seq, users_id_seq, accounts_id_seq, tasks_id_seq to account_tasks_query;
-- The enums' lookup rows are part of the schema.
grant select on task_types, task_statuses, task_priorities to account_tasks_query;
grant select, insert, update, delete
    on account_summary_tasks, account_task_summaries, account_task_counts to account_tasks_query;
-- A replay empties these (the projections' reset handlers); the organizations, users and accounts are rewritten
-- in place instead.
grant truncate on tasks, account_summary_tasks, account_task_summaries, account_task_counts to account_tasks_query;

-- ---- the event feed (V5) and its Kafka publication (V7) ----------------------------------------------------
grant select, insert, update, delete on event_feed, event_feed_horizon, kafka_publication to account_tasks_query;

-- ---- the live query-side instances (V10), which share the projections' segments ---------------------------
grant select, insert, update, delete on query_side_instances to account_tasks_query;
