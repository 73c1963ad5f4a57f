package io.accounttasks.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.DisallowUnknownKeywordFactory;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.format.PatternFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every schema of contract/openapi.yaml, read as OpenAPI 3.0.3 defines it and turned into the JSON Schema it means
 * (draft-07: {@code nullable} adds null to its own {@code type}), is valid JSON Schema with no keyword a strict
 * validator does not know, and every example in the document is valid against its schema. This is what a
 * consumer's validator or generator sees; PublicContractTest checks that the served document is this one.
 */
class ContractSchemasTest {

    /** Formats OpenAPI defines for its own generators; JSON Schema has none of them. */
    static final Set<String> OPENAPI_FORMATS = Set.of("int32", "int64", "float", "double", "byte", "binary",
            "password");
    static final String COMPONENT_SCHEMAS = "#/components/schemas/";

    static JsonNode document;
    static ObjectNode definitions;
    static JsonSchemaFactory factory;
    static JsonSchema metaSchema;
    static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).strict("format", true).build();

    final List<String> problems = new ArrayList<>();
    int examples;

    @BeforeAll
    static void read() throws IOException {
        try (InputStream written = new ClassPathResource("contract/openapi.yaml").getInputStream()) {
            document = new YAMLMapper().readTree(written);
        }
        JsonMetaSchema strict = JsonMetaSchema.builder(JsonMetaSchema.getV7())
                .unknownKeywordFactory(DisallowUnknownKeywordFactory.getInstance())
                // The validator's email format also wants a TLD from IANA's list; the examples' acme.test is a
                // reserved one (RFC 2606), well-formed as RFC 5321 has it. The form, then, not the registry.
                .format(PatternFormat.of("email", "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", "format.email"))
                .build();
        factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7,
                builder -> builder.metaSchema(strict).defaultMetaSchemaIri(strict.getIri()));
        metaSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(SchemaLocation.of(SchemaId.V7), CONFIG);
        definitions = JsonNodeFactory.instance.objectNode();
        // The conversion of each component reports its own problems in the test that walks it.
        List<String> ignored = new ArrayList<>();
        document.path("components").path("schemas").fields().forEachRemaining(schema ->
                definitions.set(schema.getKey(), convert(schema.getValue(), "schemas/" + schema.getKey(), ignored,
                        new ArrayList<>())));
    }

    @Test
    void everySchemaIsStrictJsonSchemaAndEveryExampleMatchesIt() {
        document.path("components").path("schemas").fields().forEachRemaining(schema ->
                check(schema.getValue(), "components/schemas/" + schema.getKey()));
        document.path("components").path("parameters").fields().forEachRemaining(parameter ->
                checkParameter(parameter.getValue(), "components/parameters/" + parameter.getKey()));
        document.path("components").path("headers").fields().forEachRemaining(header ->
                checkParameter(header.getValue(), "components/headers/" + header.getKey()));
        document.path("components").path("responses").fields().forEachRemaining(response ->
                checkContent(response.getValue(), "components/responses/" + response.getKey()));
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String where = op.getKey().toUpperCase() + " " + path.getKey();
            for (JsonNode parameter : op.getValue().path("parameters")) {
                checkParameter(resolve(parameter), where + " parameter " + resolve(parameter).path("name").asText());
            }
            if (op.getValue().has("requestBody")) {
                checkContent(resolve(op.getValue().path("requestBody")), where + " request");
            }
            op.getValue().path("responses").fields().forEachRemaining(response -> {
                JsonNode resolved = resolve(response.getValue());
                checkContent(resolved, where + " " + response.getKey());
                resolved.path("headers").fields().forEachRemaining(header ->
                        checkParameter(resolve(header.getValue()), where + " " + response.getKey() + " header "
                                + header.getKey()));
            });
        }));

        assertThat(problems).as("what a strict JSON Schema validator finds wrong").isEmpty();
        assertThat(examples).as("examples checked").isGreaterThan(40);
    }

    /** The conversion itself refuses what OpenAPI 3.0.3 means otherwise than it reads. */
    @Test
    void nullableWithoutATypeOfItsOwnIsRefused() {
        List<String> found = new ArrayList<>();
        JsonNode schema = json("{\"allOf\": [{\"$ref\": \"#/components/schemas/ActivityId\"}], \"nullable\": true}");
        convert(schema, "test", found, new ArrayList<>());
        assertThat(found).singleElement().asString().contains("nullable");
    }

    private void check(JsonNode schema, String where) {
        List<Map.Entry<JsonNode, JsonNode>> schemaExamples = new ArrayList<>();
        JsonNode converted = convert(schema, where, problems, schemaExamples);
        JsonSchema compiled = compile(converted, where);
        if (compiled == null) {
            return;
        }
        for (Map.Entry<JsonNode, JsonNode> example : schemaExamples) {
            JsonSchema own = compile(example.getKey(), where + " (the schema of an example)");
            if (own != null) {
                validate(own, example.getValue(), where + " example");
            }
        }
    }

    private void checkParameter(JsonNode parameter, String where) {
        if (!parameter.has("schema")) {
            problems.add(where + ": no schema");
            return;
        }
        check(parameter.path("schema"), where);
        JsonSchema schema = compile(convert(parameter.path("schema"), where, problems, new ArrayList<>()), where);
        if (schema != null && parameter.has("example")) {
            validate(schema, parameter.path("example"), where + " example");
        }
    }

    private void checkContent(JsonNode holder, String where) {
        holder.path("content").fields().forEachRemaining(media -> {
            String at = where + " " + media.getKey();
            JsonNode schemaNode = media.getValue().path("schema");
            if (schemaNode.isMissingNode()) {
                problems.add(at + ": no schema");
                return;
            }
            check(schemaNode, at);
            JsonSchema schema = compile(convert(schemaNode, at, problems, new ArrayList<>()), at);
            if (schema == null) {
                return;
            }
            if (media.getValue().has("example")) {
                validate(schema, media.getValue().path("example"), at + " example");
            }
            media.getValue().path("examples").fields().forEachRemaining(example ->
                    validate(schema, resolve(example.getValue()).path("value"), at + " example " + example.getKey()));
        });
    }

    private JsonSchema compile(JsonNode converted, String where) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("$schema", "http://json-schema.org/draft-07/schema#");
        root.set("definitions", definitions);
        root.set("allOf", JsonNodeFactory.instance.arrayNode().add(converted));
        for (ValidationMessage message : metaSchema.validate(root)) {
            problems.add(where + ": not valid JSON Schema: " + message.getMessage());
        }
        try {
            JsonSchema schema = factory.getSchema(root, CONFIG);
            schema.initializeValidators();
            return schema;
        } catch (RuntimeException e) {
            problems.add(where + ": does not compile: " + e.getMessage());
            return null;
        }
    }

    private void validate(JsonSchema schema, JsonNode example, String where) {
        examples++;
        for (ValidationMessage message : schema.validate(example)) {
            problems.add(where + ": " + message.getMessage());
        }
    }

    /**
     * The JSON Schema an OpenAPI 3.0.3 schema means: {@code nullable: true} adds null to the schema's own
     * {@code type} (without one it allows nothing more, which is never what was meant), {@code example} is taken
     * out and kept to be checked, OpenAPI's number formats are dropped, references point into definitions.
     */
    static JsonNode convert(JsonNode schema, String where, List<String> problems,
                            List<Map.Entry<JsonNode, JsonNode>> examples) {
        if (!schema.isObject()) {
            return schema;
        }
        ObjectNode converted = schema.deepCopy();
        if (converted.has("$ref")) {
            String reference = converted.path("$ref").asText();
            if (converted.size() > 1) {
                problems.add(where + ": a $ref's siblings are ignored in OpenAPI 3.0: " + converted);
            }
            if (!reference.startsWith(COMPONENT_SCHEMAS)) {
                problems.add(where + ": $ref outside components/schemas: " + reference);
            }
            converted.put("$ref", "#/definitions/" + reference.substring(COMPONENT_SCHEMAS.length()));
            return converted;
        }
        JsonNode example = converted.remove("example");
        if (converted.has("nullable")) {
            boolean nullable = converted.remove("nullable").asBoolean();
            if (nullable && !converted.path("type").isTextual()) {
                problems.add(where + ": nullable without a type of its own allows no null in OpenAPI 3.0.3");
            } else if (nullable) {
                converted.set("type", JsonNodeFactory.instance.arrayNode().add(converted.path("type").asText())
                        .add("null"));
                if (converted.has("enum")) {
                    ((ArrayNode) converted.path("enum")).addNull();
                }
            }
        }
        if (OPENAPI_FORMATS.contains(converted.path("format").asText())) {
            converted.remove("format");
        }
        if (converted.has("properties")) {
            ObjectNode properties = (ObjectNode) converted.path("properties");
            for (Iterator<String> names = properties.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                properties.set(name, convert(properties.path(name), where + "." + name, problems, examples));
            }
        }
        for (String single : List.of("items", "additionalProperties", "not")) {
            if (converted.path(single).isObject()) {
                converted.set(single, convert(converted.path(single), where + "/" + single, problems, examples));
            }
        }
        for (String many : List.of("allOf", "anyOf", "oneOf")) {
            if (converted.path(many).isArray()) {
                ArrayNode each = (ArrayNode) converted.path(many);
                for (int i = 0; i < each.size(); i++) {
                    each.set(i, convert(each.get(i), where + "/" + many + "[" + i + "]", problems, examples));
                }
            }
        }
        if (example != null) {
            examples.add(Map.entry(converted, example));
        }
        return converted;
    }

    private static JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? document.at(node.path("$ref").asText().substring(1)) : node;
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
