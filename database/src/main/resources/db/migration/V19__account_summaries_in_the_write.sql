-- The account summaries are part of the task projection now, applied in the command side's unit of work with the
-- events they count (docs/adr/0020). The command side's group writes them, deleting only a count that dropped to
-- 0; the query side's only reads them. Their rebuild is the tasks rebuild's, which runs as the tables' owner.
grant select, insert, update on account_summary_tasks, account_task_summaries, account_task_counts
    to account_tasks_command;
grant delete on account_task_counts to account_tasks_command;
revoke insert, update, delete, truncate on account_summary_tasks, account_task_summaries, account_task_counts
    from account_tasks_query;

-- The account-summaries processor is gone, and with it the query side's only tracking processor: its tokens and
-- the table its instances shared its segments by (V10) would only mislead.
delete from tokenentry where processorname = 'account-summaries';
drop table query_side_instances;
