package io.accounttasks.database;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A new version of an event that only added fields: the stored older version gets each of them with the value it
 * meant then (null, or an empty list), so a consumer of the new version always finds every field. The stored
 * event is never rewritten; this runs whenever one is read, for the aggregate, the projections, the history and the
 * feed alike.
 */
public class FieldsAddedUpcaster extends SingleEventUpcaster {

    /** The stored type names: the events' classes, which this module does not depend on. */
    static final String EVENTS = "io.accounttasks.coreapi.task.TaskEvents$";

    private final SimpleSerializedType from;
    private final SimpleSerializedType to;
    private final Map<String, JsonNode> added;

    FieldsAddedUpcaster(String event, String fromRevision, String toRevision, Map<String, JsonNode> added) {
        this.from = new SimpleSerializedType(EVENTS + event, fromRevision);
        this.to = new SimpleSerializedType(EVENTS + event, toRevision);
        this.added = new LinkedHashMap<>(added);
    }

    /** TaskCreated 2 → 3: a task created before deadlines, blockers and follow-ups had none of them. */
    public static FieldsAddedUpcaster taskCreatedVersion3() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        Map<String, JsonNode> added = new LinkedHashMap<>();
        added.put("dueAt", json.nullNode());
        added.put("blockedBy", json.arrayNode());
        added.put("followUpOf", json.nullNode());
        return new FieldsAddedUpcaster("TaskCreated", "2", "3", added);
    }

    /** TaskStatusChanged 1 → 2: a status change made before outcomes recorded none. */
    public static FieldsAddedUpcaster taskStatusChangedVersion2() {
        return new FieldsAddedUpcaster("TaskStatusChanged", null, "2",
                Map.of("outcome", JsonNodeFactory.instance.nullNode()));
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return representation.getType().equals(from);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(to, JsonNode.class, this::addFields);
    }

    JsonNode addFields(JsonNode older) {
        ObjectNode event = ((ObjectNode) older).deepCopy();
        added.forEach((field, value) -> {
            if (!event.has(field)) {
                event.set(field, value.deepCopy());
            }
        });
        return event;
    }
}
