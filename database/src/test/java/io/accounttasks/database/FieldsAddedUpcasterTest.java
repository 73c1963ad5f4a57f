package io.accounttasks.database;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The added fields of TaskCreated 3 and TaskStatusChanged 2, and the order of the whole chain. */
class FieldsAddedUpcasterTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aVersion2TaskCreatedGetsNoDeadlineNoBlockersAndNoOriginal() throws Exception {
        JsonNode version2 = json.readTree("""
                {"taskId":"01J0000000000000000000000A","title":"Call back","status":"PENDING"}""");

        JsonNode version3 = FieldsAddedUpcaster.taskCreatedVersion3().addFields(version2);

        assertThat(version3.get("dueAt").isNull()).isTrue();
        assertThat(version3.get("blockedBy").isArray()).isTrue();
        assertThat(version3.get("blockedBy")).isEmpty();
        assertThat(version3.get("followUpOf").isNull()).isTrue();
        assertThat(version3.get("title").asText()).isEqualTo("Call back");
        assertThat(version2.has("dueAt")).as("the stored event is never changed").isFalse();
    }

    @Test
    void aFieldThatIsThereAlreadyIsKept() throws Exception {
        JsonNode stored = json.readTree("""
                {"from":"PENDING","to":"COMPLETED","outcome":"Renewed"}""");

        assertThat(FieldsAddedUpcaster.taskStatusChangedVersion2().addFields(stored).get("outcome").asText())
                .isEqualTo("Renewed");
    }

    /** A version 1 TaskCreated read through the chain Axon is given comes out as version 3, with every field. */
    @Test
    void theChainTakesAVersion1TaskCreatedToVersion3() {
        JacksonSerializer serializer = (JacksonSerializer) EventStorage.jacksonSerializer(
                new org.axonframework.serialization.AnnotationRevisionResolver());
        byte[] payload = """
                {"taskId":"01J0000000000000000000000A","details":{"title":"Call back","attachmentUrls":[]},
                 "status":"PENDING"}""".getBytes();
        GenericDomainEventEntry<byte[]> stored = new GenericDomainEventEntry<>("TaskCreated",
                "01J0000000000000000000000A", 0, "event-1", "2025-01-01T00:00:00Z",
                TaskCreatedUpcaster.TYPE, null, payload, "{}".getBytes());

        List<IntermediateEventRepresentation> upcast = new EventStorage().taskEventUpcasters()
                .upcast(Stream.of(new InitialEventRepresentation(stored, serializer))).toList();

        assertThat(upcast).hasSize(1);
        SerializedType type = upcast.get(0).getType();
        assertThat(type).isEqualTo(new SimpleSerializedType(TaskCreatedUpcaster.TYPE, "3"));
        JsonNode data = upcast.get(0).getData(JsonNode.class).getData();
        assertThat(data.get("title").asText()).isEqualTo("Call back");
        assertThat(data.has("details")).isFalse();
        assertThat(data.get("blockedBy")).isEmpty();
        assertThat(data.get("dueAt").isNull()).isTrue();
    }
}
