package io.accounttasks.commandside.task;

import io.accounttasks.commandside.Writes;
import io.accounttasks.coreapi.NotFoundException;
import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.task.TaskCommands;
import io.accounttasks.coreapi.task.TaskDetails;
import io.accounttasks.coreapi.task.TaskId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.Configuration;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sends a task write's commands, all in one transaction, and answers the task's version after them. A PATCH
 * may need several commands (details, assignee, type, priority, status): they commit together or not at all.
 */
@Component
class TaskWrites {

    private final CommandGateway commands;
    private final Configuration axon;
    private final Writes writes;

    TaskWrites(CommandGateway commands, Configuration axon, Writes writes) {
        this.commands = commands;
        this.axon = axon;
        this.writes = writes;
    }

    /** Sends the commands in order and answers the task's version after the last. */
    long send(TaskId taskId, List<? extends TaskCommands> taskCommands) {
        return run(taskId, () -> taskCommands);
    }

    /**
     * Like {@link #send(TaskId, List)}, for commands that are built from the task's current details (a partial
     * change of them): the details are read in the same transaction, so nothing can change in between unseen
     * (a concurrent writer's append then fails on the event store's unique sequence, 409).
     */
    long send(TaskId taskId, OrganizationId organizationId, AccountId accountId,
              Function<TaskDetails, List<? extends TaskCommands>> taskCommands) {
        return run(taskId, () -> taskCommands.apply(currentDetails(taskId, organizationId, accountId)));
    }

    private long run(TaskId taskId, Supplier<List<? extends TaskCommands>> taskCommands) {
        try {
            return writes.inOneTransaction(() -> {
                for (TaskCommands command : taskCommands.get()) {
                    commands.sendAndWait(command);
                }
                return writes.versionOf(taskId);
            });
        } catch (AggregateNotFoundException e) {
            throw notFound(taskId);
        }
    }

    private TaskDetails currentDetails(TaskId taskId, OrganizationId organizationId, AccountId accountId) {
        // Loading an aggregate needs a unit of work; it writes nothing and must end before the next command,
        // or that command's unit of work would nest inside it and commit only with it.
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            TaskDetails details = axon.repository(Task.class).load(taskId.value())
                    .invoke(task -> task.detailsFor(organizationId, accountId));
            unitOfWork.commit();
            return details;
        } catch (RuntimeException e) {
            unitOfWork.rollback(e);
            throw e;
        }
    }

    static NotFoundException notFound(TaskId taskId) {
        return new NotFoundException("task " + taskId + " not found");
    }
}
