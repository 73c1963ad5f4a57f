package io.accounttasks.queryside;

import io.accounttasks.readmodel.task.TaskProjector;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The processors of the read models, as docs/ARCHITECTURE.md ("Event processing") describes them. */
class ProjectionsProcessorTest extends QuerySideTest {

    @Autowired
    EventProcessingConfiguration processing;

    /**
     * The query side tracks no stream of its own: the one processor here is the task projection these tests
     * import as the command side runs it (QuerySideTest), subscribing, so in the publishing unit of work (the
     * account summaries are counted by its TaskProjector, docs/adr/0020).
     */
    @Test
    void theOnlyProcessorIsTheTaskProjectionAppliedAsPublished() {
        assertThat(processing.eventProcessors().keySet()).containsExactly(Projections.TASKS);
        assertThat(processing.eventProcessor(Projections.TASKS).orElseThrow())
                .isInstanceOf(SubscribingEventProcessor.class);
        assertThat(TaskProjector.class.getAnnotation(org.axonframework.config.ProcessingGroup.class).value())
                .isEqualTo(Projections.TASKS);
    }
}
