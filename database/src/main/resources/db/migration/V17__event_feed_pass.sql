-- The feed sequencer's pass (FeedSequencer, docs/adr/0007) in one call, so in one round trip: the turn (a
-- transaction-scoped advisory lock, "FEED"), then the horizon, then the placing, each statement with a snapshot
-- of its own (a function's statements do, at read committed), so the horizon is read after the turn is held and
-- the pass sees every transaction below it. No rows when another pass holds the turn.
-- No grant: a function is executable by everyone, and runs with its caller's rights (account_tasks_query's, V11).
create function event_feed_pass() returns table (placed bigint, held_back boolean) language plpgsql as $$
declare
    placed_since xid8;   -- where the last pass stopped
    running_from xid8;   -- the oldest transaction still running
begin
    if not pg_try_advisory_xact_lock(1178944836) then
        return;
    end if;
    select h.transaction_id, pg_snapshot_xmin(pg_current_snapshot()) into placed_since, running_from
    from event_feed_horizon h;
    return query
    with unplaced as (
        select e.globalindex, e.transaction_id, e.aggregateidentifier, e.sequencenumber, e.payload
        from domainevententry e
        where e.transaction_id >= placed_since and e.transaction_id < running_from
          and not exists (select 1 from event_feed f where f.globalindex = e.globalindex)),
    -- An event waits for the earlier events of its aggregate that are not below the horizon yet.
    waiting as (
        select u.globalindex, u.transaction_id
        from unplaced u
        where exists (select 1 from domainevententry earlier
                      where earlier.aggregateidentifier = u.aggregateidentifier
                        and earlier.sequencenumber < u.sequencenumber
                        and earlier.transaction_id >= running_from)),
    next_horizon as (
        select coalesce((select min(w.transaction_id) from waiting w), running_from) as transaction_id),
    advanced as (
        update event_feed_horizon set transaction_id = next_horizon.transaction_id
        from next_horizon where next_horizon.transaction_id > placed_since),
    sequenced as (
        insert into event_feed (position, globalindex, organization_id)
        select (select coalesce(max(f.position), 0) from event_feed f) + row_number() over (order by u.globalindex),
               u.globalindex,
               -- From the payload's text: PostgreSQL refuses some JSON that Jackson may have written long ago.
               substring(convert_from(u.payload, 'UTF8') from '"organizationId":"([^"]*)"')
        from unplaced u
        where not exists (select 1 from waiting w where w.globalindex = u.globalindex)
        returning event_feed.position)
    select (select count(*) from sequenced),
           -- Committed events at or above the horizon: the first in the index's order (an exists scanned the store).
           (select e.transaction_id from domainevententry e where e.transaction_id >= running_from
            order by e.transaction_id limit 1) is not null;
end
$$;
