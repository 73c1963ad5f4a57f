-- The read models' one processor "projections" became the "tasks" projection (API.md names it so for
-- /admin/projections): it keeps its place in the event store instead of replaying from the start.
update tokenentry set processorname = 'tasks' where processorname = 'projections';
