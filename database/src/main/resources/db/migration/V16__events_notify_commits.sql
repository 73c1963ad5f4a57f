-- Every transaction that appends events tells the listeners of channel domain_events so, when it commits
-- (docs/adr/0018): the query side's asynchronous readers (the account-summaries processor, the feed sequencer)
-- wake then instead of polling. A statement-level trigger, and PostgreSQL folds identical notifications of one
-- transaction into one, so a write costs one notification however many events it appends; a rolled-back
-- transaction sends none.
-- No grant (docs/adr/0011): a trigger's function is called for whoever inserts, with the inserter's rights
-- (account_tasks_command may insert into domainevententry, V11), and neither pg_notify nor LISTEN needs any.
create function domain_events_notify() returns trigger language plpgsql as $$
begin
    perform pg_catalog.pg_notify('domain_events', '');
    return null;
end
$$;

create trigger domainevententry_notify after insert on domainevententry
    for each statement execute function domain_events_notify();
