package io.accounttasks.queryside.task.history;

import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.task.TaskEvents;
import io.accounttasks.coreapi.task.TaskEvents.TaskCreated;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.coreapi.task.TaskState;
import io.accounttasks.queryside.task.history.TaskTimeline.Step;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a task's timeline from the event store itself (not from a projection): the record of what happened is
 * the events, so history and time travel need no read model, are never behind, and survive a replay.
 */
@Component
public class TaskTimelines {

    private final EventStore eventStore;

    TaskTimelines(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /**
     * The task's timeline, if it is a task of that account of that organization: anything else (no such task,
     * another organization's, another account's) is empty, so it is answered exactly like a task that never was.
     * Deleted tasks have a timeline: their events stay.
     */
    public Optional<TaskTimeline> read(OrganizationId organizationId, AccountId accountId, TaskId taskId) {
        // From sequence 0, not readEvents(id): that one starts at a snapshot when there is one, and a snapshot
        // is the aggregate's state, not an event of the history.
        DomainEventStream events = eventStore.readEvents(taskId.value(), 0);
        List<Step> steps = new ArrayList<>();
        TaskState state = null;
        while (events.hasNext()) {
            DomainEventMessage<?> message = events.next();
            if (!(message.getPayload() instanceof TaskEvents event)) {
                // Not a task's stream (ids of other aggregates carry a prefix, so this is no task at all).
                return Optional.empty();
            }
            TaskState after;
            if (state == null) {
                if (!(event instanceof TaskCreated created)) {
                    throw new IllegalStateException("the events of task " + taskId + " start with "
                            + event.getClass().getSimpleName());
                }
                after = TaskState.of(created);
            } else {
                after = state.apply(event);
            }
            steps.add(new Step(message.getSequenceNumber(), message.getTimestamp(), event, state, after));
            state = after;
        }
        if (state == null || !state.organizationId().equals(organizationId) || !state.accountId().equals(accountId)) {
            return Optional.empty();
        }
        return Optional.of(new TaskTimeline(steps));
    }
}
