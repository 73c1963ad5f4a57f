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
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The processors of the read models, as docs/ARCHITECTURE.md ("Event processing") describes them. */
class ProjectionsProcessorTest extends QuerySideTest {

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void theSummariesAreAPooledStreamingProcessorOfTwoSegmentsAndTheTasksAreProjectedAsPublished() {
        assertThat(processing.eventProcessors().keySet()).containsExactlyInAnyOrderElementsOf(Projections.ALL);
        // Imported by the tests (QuerySideTest), as the command side runs it: in the publishing unit of work.
        assertThat(processing.eventProcessor(Projections.TASKS).orElseThrow())
                .isInstanceOf(SubscribingEventProcessor.class);
        for (String projection : List.of(Projections.ACCOUNT_SUMMARIES)) {
            EventProcessor processor = processing.eventProcessor(projection).orElseThrow();
            assertThat(processor).as(projection).isInstanceOf(PooledStreamingEventProcessor.class);
            assertThat(((PooledStreamingEventProcessor) processor).maxCapacity()).as(projection)
                    .isGreaterThanOrEqualTo(2);
            // Its tokens live in tokenentry, one per segment.
            assertThat(jdbc.queryForObject("select count(*) from tokenentry where processorname = ?", Long.class,
                    projection)).as(projection).isEqualTo(2L);
        }
    }

    @Test
    void eventsAreSequencedByTheirOrganization() {
        OrganizationId org = OrganizationId.newId();
        TaskId task = TaskId.newId();
        for (String projection : List.of(Projections.ACCOUNT_SUMMARIES)) {
            var policy = processing.sequencingPolicy(projection);

            Object ofOrganization = policy.getSequenceIdentifierFor(new GenericDomainEventMessage<>("Organization",
                    org.value(), 0, new OrganizationCreated(org, "Acme")));
            Object ofTask = policy.getSequenceIdentifierFor(new GenericDomainEventMessage<>("Task", task.value(), 3,
                    new TaskDeleted(task, org, AccountId.newId(), UserId.newId())));

            assertThat(ofOrganization).as(projection).isEqualTo(org.value());
            assertThat(ofTask).as(projection).isEqualTo(org.value());
        }
    }
}
