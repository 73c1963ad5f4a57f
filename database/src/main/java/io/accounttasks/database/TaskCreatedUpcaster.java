package io.accounttasks.database;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * {@code TaskCreated} version 1 nested the task's title, description, activity and attachments in a
 * {@code details} object; version 2 has them as fields of their own, as the task resource and analytics
 * consumers see a task. Stored events keep the shape they were written in (nothing in the store is ever
 * rewritten); this turns a version 1 into a version 2 whenever one is read, for the aggregate, the projections,
 * the history and the feed alike.
 */
public class TaskCreatedUpcaster extends SingleEventUpcaster {

    /** The stored type name: the event's class, which this module does not depend on. */
    static final String TYPE = "io.accounttasks.coreapi.task.TaskEvents$TaskCreated";

    private static final SimpleSerializedType VERSION_1 = new SimpleSerializedType(TYPE, null);
    private static final SimpleSerializedType VERSION_2 = new SimpleSerializedType(TYPE, "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return representation.getType().equals(VERSION_1);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(VERSION_2, JsonNode.class, TaskCreatedUpcaster::flatten);
    }

    static JsonNode flatten(JsonNode version1) {
        ObjectNode event = ((ObjectNode) version1).deepCopy();
        JsonNode details = event.remove("details");
        for (String field : new String[] {"title", "description", "activityId", "attachmentUrls"}) {
            JsonNode value = details == null ? null : details.get(field);
            if (value == null) {
                event.putNull(field);
            } else {
                event.set(field, value);
            }
        }
        return event;
    }
}
