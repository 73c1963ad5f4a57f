-- The query-side instances alive now, each seen every few seconds: how many there are decides each one's fair
-- share of the projections' segments (SegmentBalancer), so that several instances split the event stream.
create table query_side_instances (
    instance_id varchar(200) not null primary key,
    seen_at     timestamptz  not null
);
