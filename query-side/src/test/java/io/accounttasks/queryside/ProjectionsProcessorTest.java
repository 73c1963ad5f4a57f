package io.accounttasks.queryside;

import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.organization.OrganizationMessages.OrganizationCreated;
import io.accounttasks.coreapi.task.TaskEvents.TaskDeleted;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.user.UserId;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The one processor of every read model, as docs/ARCHITECTURE.md describes it. */
class ProjectionsProcessorTest extends QuerySideTest {

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void oneProcessorIsAPooledStreamingProcessorOfTwoSegments() {
        assertThat(processing.eventProcessors().keySet()).contains(Projections.TASKS);
        EventProcessor processor = processing.eventProcessor(Projections.TASKS).orElseThrow();
        assertThat(processor).isInstanceOf(PooledStreamingEventProcessor.class);
        assertThat(((PooledStreamingEventProcessor) processor).maxCapacity()).isGreaterThanOrEqualTo(2);
        // Its tokens live in tokenentry, one per segment.
        assertThat(jdbc.queryForObject("select count(*) from tokenentry where processorname = ?", Long.class,
                Projections.TASKS)).isEqualTo(2L);
    }

    @Test
    void eventsAreSequencedByTheirOrganization() {
        OrganizationId org = OrganizationId.newId();
        var policy = processing.sequencingPolicy(Projections.TASKS);

        Object ofOrganization = policy.getSequenceIdentifierFor(new GenericDomainEventMessage<>("Organization",
                org.value(), 0, new OrganizationCreated(org, "Acme")));
        TaskId task = TaskId.newId();
        Object ofTask = policy.getSequenceIdentifierFor(new GenericDomainEventMessage<>("Task", task.value(), 3,
                new TaskDeleted(task, org, AccountId.newId(), UserId.newId())));

        assertThat(ofOrganization).isEqualTo(org.value());
        assertThat(ofTask).isEqualTo(org.value());
    }
}
