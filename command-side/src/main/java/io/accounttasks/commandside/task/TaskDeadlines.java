package io.accounttasks.commandside.task;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.exceptions.ExecutionException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceNotFoundException;
import com.github.kagkarlsson.scheduler.task.FailureHandler.ExponentialBackoffFailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineToken;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/**
 * Axon's db-scheduler deadline manager and its db-scheduler task, as Axon's auto-configuration builds them, except
 * for two things. A deadline that failed to be recorded is tried again within seconds (see the task). And one case
 * of cancelling: a deadline that db-scheduler is firing at that very moment cannot be cancelled, and Axon's manager
 * lets that fail the write that moved the date or closed the task (a 500). Here the write goes on: the firing
 * deadline finds the task changed and records nothing (Task's deadline handler checks it is still open and due at
 * the deadline's instant), and if both append to the task, one of them is refused and runs again (docs/adr/0012).
 */
@Configuration(proxyBeanMethods = false)
class TaskDeadlines {

    @Bean
    DeadlineManager deadlineManager(Scheduler scheduler, org.axonframework.config.Configuration axon,
                                    @Qualifier("eventSerializer") Serializer serializer,
                                    TransactionManager transactions, DeadlineManagerSpanFactory spans) {
        return new CancelSafely(DbSchedulerDeadlineManager.builder()
                .scheduler(scheduler)
                .scopeAwareProvider(new ConfigurationScopeAwareProvider(axon))
                .serializer(serializer)
                .transactionManager(transactions)
                .spanFactory(spans)
                // The db-scheduler starter starts and stops the scheduler with the application.
                .startScheduler(false)
                .stopScheduler(false), scheduler);
    }

    /**
     * Axon's task for firing deadlines, under Axon's name (so scheduled rows stay valid), but tried again after 1 s,
     * then 1.5 times longer each time, when it failed: another command-side instance appended to the task first, or
     * the database was away. db-scheduler's default for a one-time task is five minutes, for which the task would
     * not be shown overdue. Recording TaskBecameOverdue is idempotent (the handler checks), so trying again is safe.
     */
    @Bean
    @Qualifier("deadlineDetailsTask")
    Task<DbSchedulerBinaryDeadlineDetails> deadlineDetailsTask(ApplicationContext context) {
        Task<DbSchedulerBinaryDeadlineDetails> axons =
                DbSchedulerDeadlineManager.binaryTask(() -> context.getBean(DbSchedulerDeadlineManager.class));
        return Tasks.oneTime(axons.getName(), DbSchedulerBinaryDeadlineDetails.class)
                .onFailure(new ExponentialBackoffFailureHandler<>(Duration.ofSeconds(1)))
                .execute(axons::execute);
    }

    static final class CancelSafely extends DbSchedulerDeadlineManager {

        private static final Logger log = LoggerFactory.getLogger(TaskDeadlines.class);

        private final Scheduler scheduler;

        CancelSafely(Builder builder, Scheduler scheduler) {
            super(builder);
            this.scheduler = scheduler;
        }

        /** As Axon's, when the write's unit of work commits, but a deadline firing now is left to fire. */
        @Override
        public void cancelSchedule(String deadlineName, String scheduleId) {
            runOnPrepareCommitOrNow(() -> {
                try {
                    scheduler.cancel(new DbSchedulerDeadlineToken(scheduleId));
                } catch (TaskInstanceNotFoundException e) {
                    log.debug("deadline {} was gone already (fired or cancelled)", scheduleId);
                } catch (TaskInstanceCurrentlyExecutingException e) {
                    log.debug("deadline {} is firing now; it will find the task changed", scheduleId);
                } catch (ExecutionException e) {
                    // Picked between db-scheduler's look and its delete (which then removes nothing): the same.
                    log.debug("deadline {} was picked to fire while it was cancelled; it will find the task changed",
                            scheduleId);
                }
            });
        }
    }
}
