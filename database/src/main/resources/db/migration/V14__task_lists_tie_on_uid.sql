-- Task lists break ties on the task's ULID instead of the bigserial key, which a replay hands out anew: the indexes
-- the sorts use follow.
drop index tasks_by_account_created;
drop index tasks_by_account_updated;
drop index tasks_by_account_priority;
drop index tasks_by_account_due;
create index tasks_by_account_created on tasks (account_id, created_at, uid);
create index tasks_by_account_updated on tasks (account_id, updated_at, uid);
create index tasks_by_account_priority on tasks (account_id, priority_id, created_at, uid);
create index tasks_by_account_due on tasks (account_id, due_at, created_at, uid);
