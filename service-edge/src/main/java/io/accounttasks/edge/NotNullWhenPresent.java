package io.accounttasks.edge;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidNullException;

import java.io.IOException;

/**
 * For a record component that may be left out (it then takes its default) but whose schema has no null: a JSON
 * null is refused ("must not be null"), which a record alone cannot tell from a field left out.
 * Use: {@code @JsonDeserialize(using = NotNullWhenPresent.class)}.
 */
public final class NotNullWhenPresent extends JsonDeserializer<Object> implements ContextualDeserializer {

    private final JsonDeserializer<Object> delegate;
    private final BeanProperty property;

    public NotNullWhenPresent() {
        this(null, null);
    }

    private NotNullWhenPresent(JsonDeserializer<Object> delegate, BeanProperty property) {
        this.delegate = delegate;
        this.property = property;
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property)
            throws JsonMappingException {
        return new NotNullWhenPresent(context.findContextualValueDeserializer(property.getType(), property), property);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        return delegate.deserialize(parser, context);
    }

    @Override
    public Object getNullValue(DeserializationContext context) throws JsonMappingException {
        throw InvalidNullException.from(context, property.getFullName(), property.getType());
    }

    @Override
    public Object getAbsentValue(DeserializationContext context) {
        return null;
    }
}
