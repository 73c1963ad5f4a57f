-- The event feed's positions are given at commit, by the transaction that appends the events, in commit order
-- (docs/adr/0019, which replaces ADR 0007's sequencer): a deferred trigger places each event when its
-- transaction commits, holding a transaction-scoped advisory lock ("FEED") until the commit is done. So the next
-- writer to place events waits until this one's are visible, and positions are dense and follow commit order.
-- Nothing polls or waits for a horizon: an event has its place the moment it is visible.

-- Writers are kept out (and the ones under way waited for) while the events committed so far get their places.
lock table domainevententry in exclusive mode;

-- What the sequencer had not placed yet: every event of a transaction at or above its horizon that has no place.
-- All are committed now; global index order is each aggregate's order among them.
insert into event_feed (position, globalindex, organization_id)
select (select coalesce(max(f.position), 0) from event_feed f) + row_number() over (order by e.globalindex),
       e.globalindex,
       substring(convert_from(e.payload, 'UTF8') from '"organizationId":"([^"]*)"')
from domainevententry e
where e.transaction_id >= (select h.transaction_id from event_feed_horizon h)
  and not exists (select 1 from event_feed f where f.globalindex = e.globalindex);

drop function event_feed_pass();
drop table event_feed_horizon;

-- Runs at commit, with the inserter's rights (account_tasks_command's, granted below). The lock is taken again for
-- each event of the transaction (a count, not a wait). The position is read after the lock is held, in a statement
-- of its own snapshot (read committed), so it sees the previous holder's places: that holder made its commit
-- visible before it let the lock go. A writer at repeatable read would read an older snapshot, and its commit
-- fail on the position's key: the command side writes at read committed.
create function event_feed_place() returns trigger language plpgsql as $$
begin
    perform pg_advisory_xact_lock(1178944836);
    insert into event_feed (position, globalindex, organization_id)
    values ((select coalesce(max(f.position), 0) + 1 from event_feed f), new.globalindex,
            -- From the payload's text: PostgreSQL refuses some JSON that Jackson may have written long ago.
            substring(convert_from(new.payload, 'UTF8') from '"organizationId":"([^"]*)"'));
    return null;
end
$$;

-- Deferred: fired at commit, after every statement of the transaction, in the order the events were inserted.
-- Commits that append events are already serialized by their NOTIFY (V16), whose lock is also held through the
-- commit; the feed's is taken just before it.
create constraint trigger domainevententry_feed after insert on domainevententry
    deferrable initially deferred for each row execute function event_feed_place();

-- The command side's transactions now write the feed (docs/adr/0011); the query side only reads it.
grant select, insert on event_feed to account_tasks_command;
revoke insert, update, delete on event_feed from account_tasks_query;
