package io.accounttasks.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.accounttasks.coreapi.Ids;
import io.accounttasks.gateway.support.GatewayClient;
import io.accounttasks.gateway.support.KeyTable;
import io.accounttasks.gateway.support.StubService;
import io.accounttasks.gateway.support.StubService.Answer;
import io.accounttasks.gateway.support.Tokens;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.accounttasks.gateway.support.GatewayClient.headers;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document the gateway serves (docs/adr/0013): open to anyone, valid OpenAPI 3, exactly the document
 * written in contract/openapi.yaml, and in step with the routes: every documented operation goes through the gateway
 * to the side that serves it, and every route is documented.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false)
class PublicContractTest {

    static final String ADMIN_SECRET = "test-admin-secret";
    static final String ACME = "ORG_01HFGZ2E9KZXP8W4YT0Q6XR1M9";
    static final String JANE = "USR_01HFGZ6B7V4M2N8P5X3J9K1L7H";
    static final String JANE_KEY = "jane-key-0123456789";

    static final StubService COMMAND = new StubService();
    static final StubService QUERY = new StubService();
    static final KeyTable KEYS = new KeyTable();

    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        registry.add("tasks.backends.command-urls", COMMAND::url);
        registry.add("tasks.backends.query-urls", QUERY::url);
        registry.add("tasks.jwt.secret", () -> Tokens.SECRET);
        registry.add("tasks.admin-secret", () -> ADMIN_SECRET);
    }

    @LocalServerPort
    int port;

    GatewayClient gateway;

    @BeforeEach
    void setUp() {
        gateway = new GatewayClient(port);
        COMMAND.reset();
        QUERY.reset();
        KEYS.register(JANE_KEY, JANE, ACME);
        KEYS.serveFrom(QUERY, request -> Answer.json(200, "{}"));
    }

    @AfterAll
    static void stopStubs() {
        COMMAND.close();
        QUERY.close();
    }

    @Test
    void theDocumentIsServedWithoutCredentialsAndIsValidOpenApi3() {
        HttpResponse<String> response = gateway.send("GET", "/v3/api-docs", Map.of(), null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(response.body(), null, options);
        assertThat(parsed.getMessages()).as("what the parser found wrong").isEmpty();
        assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.");
        assertThat(COMMAND.received()).isEmpty();
        assertThat(QUERY.received()).isEmpty();
    }

    /**
     * springdoc serves the document through swagger-core's model, which drops what it does not know (a YAML slip
     * such as an unquoted comma in a flow mapping makes a stray key) and adds what it assumes: this makes sure
     * nothing is lost or added on the way. Only the order of {@code required}, a set, may change.
     */
    @Test
    void theServedDocumentIsTheWrittenOne() throws IOException {
        JsonNode written = withRequiredSorted(written());

        JsonNode served = JSON.readTree(gateway.send("GET", "/v3/api-docs", Map.of(), null).body());
        assertThat(withRequiredSorted(served)).isEqualTo(written);
        HttpResponse<String> yaml = gateway.send("GET", "/v3/api-docs.yaml", Map.of(), null);
        assertThat(yaml.statusCode()).isEqualTo(200);
        assertThat(withRequiredSorted(new YAMLMapper().readTree(yaml.body()))).isEqualTo(written);
    }

    /**
     * Jackson reads YAML as 1.2 core, where {@code 2024-11-18T08:00:00.000Z} is a string; a YAML 1.1 reader
     * (SnakeYAML here, and most YAML libraries) makes an unquoted one a date. Read so, the served YAML must still be
     * the document, every example instant a string.
     */
    @Test
    void theServedYamlReadsTheSameInAYaml11Reader() throws IOException {
        String yaml = gateway.send("GET", "/v3/api-docs.yaml", Map.of(), null).body();
        Object read = new org.yaml.snakeyaml.Yaml().load(yaml);
        assertThat(yaml).contains("\"2024-11-18T08:00:00.000Z\"");
        assertThat(withRequiredSorted(JSON.valueToTree(read))).isEqualTo(withRequiredSorted(written()));
    }

    @Test
    void theSecurityOfV1IsTheThreeHeadersTogetherAndOfAdminTheSecret() throws IOException {
        JsonNode document = written();
        JsonNode schemes = document.path("components").path("securitySchemes");
        assertThat(schemes.path("bearerAuth").path("scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.path("apiKey").path("name").asText()).isEqualTo("x-api-key");
        assertThat(schemes.path("organizationId").path("name").asText()).isEqualTo("x-org-id");
        assertThat(schemes.path("adminSecret").path("name").asText()).isEqualTo("x-admin-secret");
        // One requirement naming all three: OpenAPI's "and", not three alternatives.
        assertThat(document.path("security")).hasSize(1);
        assertThat(iterable(document.path("security").get(0).fieldNames()))
                .containsExactlyInAnyOrder("bearerAuth", "apiKey", "organizationId");
        for (Operation operation : operations(document)) {
            JsonNode own = operation.node().path("security");
            if (operation.path().startsWith("/admin/")) {
                assertThat(own.toString()).as(operation.toString()).isEqualTo("[{\"adminSecret\":[]}]");
            } else {
                assertThat(own.isMissingNode()).as("%s uses the document's security", operation).isTrue();
            }
        }
    }

    @Test
    void everyErrorIsProblemJsonAndEveryIdInAnExampleIsWellFormed() throws IOException {
        JsonNode document = written();
        document.path("components").path("responses").fields().forEachRemaining(response -> {
            if (response.getValue().path("content").isMissingNode()) {
                return;
            }
            assertThat(iterable(response.getValue().path("content").fieldNames())).as(response.getKey())
                    .containsExactly("application/problem+json");
        });
        for (Operation operation : operations(document)) {
            operation.node().path("responses").fields().forEachRemaining(response -> {
                if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                    assertThat(response.getValue().path("$ref").asText()).as("%s %s", operation, response.getKey())
                            .startsWith("#/components/responses/");
                }
            });
        }
        Pattern id = Pattern.compile("\\b(ORG|USR|ACC|ACT|CMT)_\\w+");
        Matcher ids = id.matcher(document.toString());
        int checked = 0;
        while (ids.find()) {
            String value = ids.group();
            assertThat(Ids.isWellFormed(ids.group(1) + "_", value)).as("id %s", value).isTrue();
            checked++;
        }
        assertThat(checked).isPositive();
    }

    /** The answers' examples show every field their schema has, and none it lacks. */
    @Test
    void theExamplesOfATaskAndACommentHaveTheFieldsOfTheirSchemas() throws IOException {
        JsonNode components = written().path("components");
        for (Map.Entry<String, String> exampleAndSchema : Map.of("DeepDiveTask", "Task", "Comment", "Comment")
                .entrySet()) {
            JsonNode example = components.path("examples").path(exampleAndSchema.getKey()).path("value");
            JsonNode schema = components.path("schemas").path(exampleAndSchema.getValue()).path("properties");
            assertThat(iterable(example.fieldNames())).as(exampleAndSchema.getKey())
                    .containsExactlyInAnyOrderElementsOf(iterable(schema.fieldNames()));
        }
    }

    /**
     * Every documented operation, sent as documented (path parameters from their examples), reaches the side that
     * serves it with its path unchanged: the document names no path the gateway would not route.
     */
    @Test
    void everyDocumentedOperationReachesItsSideAndEveryRouteIsDocumented() throws IOException {
        Set<String> routesUsed = new HashSet<>();
        for (Operation operation : operations(written())) {
            COMMAND.reset();
            QUERY.reset();
            KEYS.serveFrom(QUERY, request -> Answer.json(200, "{}"));
            String path = operation.concretePath();
            boolean admin = path.startsWith("/admin/");
            Map<String, String> headers = admin ? headers("x-admin-secret", ADMIN_SECRET)
                    : headers("Authorization", "Bearer " + Tokens.mint(JANE, ACME), "x-api-key", JANE_KEY,
                    "x-org-id", ACME);
            String body = null;
            if (operation.node().has("requestBody")) {
                headers.put("Content-Type", "application/json");
                body = "{}";
            }
            String method = operation.method().toUpperCase(Locale.ROOT);
            HttpResponse<String> response = gateway.send(method, path, headers, body);

            assertThat(response.statusCode()).as("%s -> %s", operation, response.body()).isEqualTo(200);
            boolean projections = path.startsWith("/admin/projections");
            StubService side = method.equals("GET") || projections ? QUERY : COMMAND;
            List<StubService.Received> received = side.received().stream()
                    .filter(request -> !KeyTable.isLookup(request)).toList();
            assertThat(received).as(operation.toString()).singleElement().satisfies(request -> {
                assertThat(request.method()).isEqualTo(method);
                assertThat(request.pathAndQuery()).isEqualTo(path);
            });
            routesUsed.add(projections ? "projections" : method.equals("GET") ? "reads" : "writes");
            routesUsed.add(admin ? "/admin/**" : "/v1/**");
        }
        // Routes.publicApi: each of its routes, and each public prefix, serves at least one documented operation.
        assertThat(routesUsed).containsExactlyInAnyOrder("projections", "reads", "writes", "/admin/**", "/v1/**");
    }

    @Test
    void swaggerUiIsServedWithoutCredentialsAndShowsTheDocument() throws IOException {
        HttpResponse<String> page = gateway.send("GET", "/swagger-ui/index.html", Map.of(), null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("swagger-ui-bundle.js");

        HttpResponse<String> entry = gateway.send("GET", "/swagger-ui.html", Map.of(), null);
        assertThat(entry.statusCode()).isEqualTo(302);
        assertThat(entry.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/swagger-ui/index.html"));

        for (String asset : List.of("/swagger-ui/swagger-ui-bundle.js", "/swagger-ui/swagger-ui.css",
                "/swagger-ui/swagger-initializer.js")) {
            assertThat(gateway.send("GET", asset, Map.of(), null).statusCode()).as(asset).isEqualTo(200);
        }
        HttpResponse<String> config = gateway.send("GET", "/v3/api-docs/swagger-config", Map.of(), null);
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(config.body()).path("url").asText()).isEqualTo("/v3/api-docs");
    }

    private static JsonNode withRequiredSorted(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.fields().forEachRemaining(field -> {
                if (field.getKey().equals("required") && field.getValue() instanceof ArrayNode names) {
                    List<String> sorted = new ArrayList<>();
                    names.forEach(name -> sorted.add(name.asText()));
                    Collections.sort(sorted);
                    names.removeAll();
                    sorted.forEach(names::add);
                } else {
                    withRequiredSorted(field.getValue());
                }
            });
        } else if (node instanceof ArrayNode array) {
            array.forEach(PublicContractTest::withRequiredSorted);
        }
        return node;
    }

    private static JsonNode written() throws IOException {
        try (InputStream document = new ClassPathResource("contract/openapi.yaml").getInputStream()) {
            return new YAMLMapper().readTree(document);
        }
    }

    /** One operation of the document: its path template, method and definition. */
    record Operation(String path, String method, JsonNode node, JsonNode document) {

        /** The path with each parameter replaced by its example. */
        String concretePath() {
            Matcher parameters = PATH_PARAMETER.matcher(path);
            StringBuilder concrete = new StringBuilder();
            while (parameters.find()) {
                parameters.appendReplacement(concrete, example(parameters.group(1)));
            }
            return parameters.appendTail(concrete).toString();
        }

        private String example(String name) {
            for (JsonNode parameter : node.path("parameters")) {
                JsonNode resolved = parameter.has("$ref") ? resolve(parameter.path("$ref").asText()) : parameter;
                if (resolved.path("in").asText().equals("path") && resolved.path("name").asText().equals(name)) {
                    assertThat(resolved.path("example").isTextual()).as("example of %s in %s", name, this).isTrue();
                    return resolved.path("example").asText();
                }
            }
            throw new AssertionError(this + " does not define its path parameter " + name);
        }

        private JsonNode resolve(String reference) {
            return document.at(reference.substring(1));
        }

        @Override
        public String toString() {
            return method.toUpperCase(Locale.ROOT) + " " + path;
        }
    }

    private static List<Operation> operations(JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(
                method -> {
                    if (METHODS.contains(method.getKey())) {
                        operations.add(new Operation(path.getKey(), method.getKey(), method.getValue(), document));
                    }
                }));
        assertThat(operations).isNotEmpty();
        return operations;
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
        return () -> iterator;
    }
}
