-- The account summaries are counted in the command side's unit of work with the events they count, from the task's
-- row as it was and as it is (docs/adr/0020). The command side's group writes them, deleting only a count that
-- dropped to 0. The query side writes no read model any more: it only reads them (its rebuild runs as the tables'
-- owner).
grant select, insert, update on account_task_summaries, account_task_counts to account_tasks_command;
grant delete on account_task_counts to account_tasks_command;
revoke insert, update, delete, truncate
    on account_task_summaries, account_task_counts,
       organizations, users, accounts, tasks, task_comments, account_task_totals
    from account_tasks_query;
revoke usage on sequence organizations_id_seq, users_id_seq, accounts_id_seq, tasks_id_seq, task_comments_id_seq
    from account_tasks_query;

-- The summaries' own copy of every task (V6): the task's row in tasks holds the same values, and is what they are
-- counted from now.
drop table account_summary_tasks;

-- The account-summaries processor is gone, and with it the query side's only tracking processor: its tokens and
-- the table its instances shared its segments by (V10) would only mislead.
delete from tokenentry where processorname = 'account-summaries';
drop table query_side_instances;
