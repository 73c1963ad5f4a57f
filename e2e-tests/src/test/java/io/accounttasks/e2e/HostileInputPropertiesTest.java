package io.accounttasks.e2e;

import io.accounttasks.e2e.hostile.HostileGen;
import io.accounttasks.e2e.hostile.HostileGen.Value;
import io.accounttasks.e2e.hostile.HostileGen.Write;
import io.accounttasks.e2e.hostile.HostileRequest;
import io.accounttasks.e2e.hostile.Site;
import io.accounttasks.e2e.support.Api;
import io.accounttasks.e2e.support.Fixtures;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.PropertyDefaults;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.statistics.Statistics;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4, part 5: random and malicious bodies, headers, paths and query strings through the real gateway (jqwik;
 * the seed of a failing run is in its report, and jqwik reruns it first next time). For every try: never a 5xx,
 * every 4xx an {@code application/problem+json} whose {@code status} is the answer's (an unknown path's 404 too),
 * and a refused write leaves the store as it was (each organization's event feed has nothing new, and the PATCH
 * target's history is as long as before). A random body that happens to be valid is fine: the baseline moves on.
 * A failing try's message names method, path, headers (the tenant's secrets as placeholders) and the body
 * (truncated); see {@link HostileRequest}.
 * <p>
 * Runs on the jqwik engine, not Jupiter's, so {@code @EndToEnd} does not apply: the {@link Site} starts the
 * system through {@link Fixtures#api()} and the JVM's shutdown hook stops it, if no Jupiter class did it first.
 */
@PropertyDefaults(tries = 200, shrinking = ShrinkingMode.BOUNDED)
class HostileInputPropertiesTest {

    private static final long MAX_BODY = 1_048_576;

    private static Site site;

    @BeforeContainer
    static void site() {
        try {
            site = Site.create();
        } catch (AssertionError | RuntimeException e) {
            throw new IllegalStateException("could not set up the tenants (if the Jupiter engine ran before jqwik's, "
                    + "its EndToEnd extension has already stopped the RunningSystem: jqwik must come first on the "
                    + "test class path, see e2e-tests/pom.xml)", e);
        }
    }

    @BeforeProperty
    void baseline() {
        site.rebase();
    }

    @AfterContainer
    static void counts() {
        if (site != null) {
            System.out.println("[hostile] " + site.counts());
            site.close();
        }
        // The services' logs, kept: the next run (of any e2e class) starts them again over target/e2e-logs.
        try {
            java.nio.file.Path logs = java.nio.file.Path.of(System.getProperty("e2e.basedir", "."), "target");
            java.nio.file.Path kept = java.nio.file.Files.createDirectories(logs.resolve("hostile-e2e-logs"));
            try (var files = java.nio.file.Files.list(logs.resolve("e2e-logs"))) {
                for (java.nio.file.Path log : files.toList()) {
                    java.nio.file.Files.copy(log, kept.resolve(log.getFileName()),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (java.io.IOException e) {
            System.out.println("[hostile] could not keep the services' logs: " + e);
        }
    }

    private static void check(HostileRequest request, Api.Response response) {
        Statistics.label("status").collect(response.status());
        site.expectWellFormed(request, response);
        site.expectStoreConsistentWith(request, response);
    }

    // --- bodies ---------------------------------------------------------------------------------------------------

    /**
     * Every write that takes a body, with random, mutated, malformed and near-limit bodies; half of them with an
     * Idempotency-Key, whose transaction holds the write's as a savepoint (a refusal there once answered 500).
     */
    @Property(tries = 300)
    void aHostileBodyIsAnsweredAndARefusalWritesNothing(@ForAll("bodies") HostileRequest request) {
        site.expectQuiet();
        Api.Response response = site.send(request);
        check(request, response);
    }

    @Provide
    Arbitrary<HostileRequest> bodies() {
        return Combinators.combine(Arbitraries.of(Write.values()), tenants(), Arbitraries.of(false, true))
                .flatAs((write, tenant, keyed) -> HostileGen.body(write).map(body -> {
                    Map<String, String> headers = json(HostileRequest.identity());
                    if (keyed) {
                        headers.put("Idempotency-Key", UUID.randomUUID().toString());
                    }
                    return new HostileRequest(tenant, write.method, write.path, headers, body, null, true);
                }));
    }

    /** The same writes with bodies that are not UTF-8 text (invalid sequences, UTF-16, random bytes). */
    @Property(tries = 100)
    void aBodyThatIsNotUtf8IsAnsweredAndWritesNothing(@ForAll("bytes") HostileRequest request) {
        site.expectQuiet();
        Api.Response response = site.send(request);
        check(request, response);
        assertThat(response.status()).as("%s\n  -> %s", request, response).isNotIn(200, 201);
    }

    @Provide
    Arbitrary<HostileRequest> bytes() {
        return Combinators.combine(Arbitraries.of(Write.values()), tenants(), HostileGen.nonUtf8Bodies(),
                Arbitraries.of("application/json", "application/json; charset=utf-8", "application/json; charset=utf-16"))
                .as((write, tenant, body, type) -> {
                    Map<String, String> headers = HostileRequest.identity();
                    headers.put("Content-Type", type);
                    return new HostileRequest(tenant, write.method, write.path, headers, null, body, true);
                })
                // A follow-up's body is optional: no bytes, or blanks only, is no body at all (201).
                .filter(request -> !(request.path().equals(Write.FOLLOW_UP.path)
                        && new String(request.bytes(), StandardCharsets.UTF_8).isBlank()));
    }

    // --- headers --------------------------------------------------------------------------------------------------

    private record Target(String method, String path, String body) {
    }

    private static final List<Target> HEADER_TARGETS = List.of(
            new Target("GET", "/v1/accounts/$ACCOUNT/tasks", null),
            new Target("GET", "/v1/accounts/$ACCOUNT/tasks/$TASK", null),
            new Target("GET", "/v1/events?limit=5", null),
            new Target("GET", "/v1/users", null),
            new Target("POST", Write.CREATE_TASK.path, Write.CREATE_TASK.validBody()),
            new Target("PATCH", Write.PATCH_TASK.path, "{\"title\": \"by header $UNIQUE\"}"),
            new Target("POST", Write.CREATE_ACCOUNT.path, Write.CREATE_ACCOUNT.validBody()),
            new Target("POST", Write.CREATE_USER.path, Write.CREATE_USER.validBody()),
            new Target("POST", Write.COMMENT.path, Write.COMMENT.validBody()),
            new Target("POST", Write.FOLLOW_UP.path, "{}"),
            new Target("DELETE", "/v1/accounts/$ACCOUNT/tasks/$TASK/attachments?url=https://files.test/none.pdf", null),
            new Target("DELETE", "/v1/accounts/$ACCOUNT/tasks/$VICTIM", null));

    /** Values of the identity headers that might be read as the valid ones (so not held to a 401). */
    private static final List<String> MAY_AUTHENTICATE = List.of("$KEY ", "$ORG ", "Bearer $JWT_NO_EXP");

    /**
     * Valid requests with random and malformed Authorization, x-api-key, x-org-id, Content-Type, Accept, If-Match
     * and Idempotency-Key. Broken credentials answer 401 or 403 and write nothing in any organization.
     */
    @Property(tries = 250)
    void hostileHeadersAreAnsweredAndBrokenCredentialsWriteNothing(@ForAll("headerRequests") HostileRequest request) {
        site.expectQuiet();
        Api.Response response = site.send(request);
        check(request, response);
        boolean lenient = request.headers().values().stream().anyMatch(value -> value != null && MAY_AUTHENTICATE.contains(value));
        // A header block over Tomcat's 8 KiB limit is refused before anyone looks at credentials.
        boolean unread = response.status() == 400 && response.body().contains("problem:malformed-request");
        if (!request.credentials() && !lenient && !unread) {
            assertThat(response.status()).as("broken credentials:\n  %s\n  -> %s", request, response)
                    .isIn(401, 403, 429);
        }
    }

    @Provide
    Arbitrary<HostileRequest> headerRequests() {
        Arbitrary<List<Value>> identity = Combinators.combine(HostileGen.authorization(), HostileGen.apiKey(),
                HostileGen.orgId()).as(List::of);
        Arbitrary<List<Value>> others = Combinators.combine(HostileGen.contentType(), HostileGen.accept(),
                HostileGen.ifMatch(), HostileGen.idempotencyKey()).as(List::of);
        return Combinators.combine(Arbitraries.of(HEADER_TARGETS), tenants(), identity, others)
                .as((target, tenant, id, other) -> {
                    Map<String, String> headers = new LinkedHashMap<>();
                    headers.put("Authorization", id.get(0).text());
                    headers.put("x-api-key", id.get(1).text());
                    headers.put("x-org-id", id.get(2).text());
                    headers.put("Content-Type", other.get(0).text());
                    headers.put("Accept", other.get(1).text());
                    headers.put("If-Match", other.get(2).text());
                    headers.put("Idempotency-Key", other.get(3).text());
                    // The second user's token with the second user's key is a valid identity too.
                    boolean secondUser = "Bearer $U2TOKEN".equals(id.get(0).text()) && "$U2KEY".equals(id.get(1).text())
                            && id.get(2).valid();
                    boolean credentials = id.stream().allMatch(Value::valid) || secondUser;
                    return new HostileRequest(tenant, target.method(), target.path(), headers, target.body(), null,
                            credentials);
                });
    }

    // --- paths ----------------------------------------------------------------------------------------------------

    /** Random segments, encoded and double-encoded dots, slashes and NULs, overlong and wrong-kind ids, unicode. */
    @Property(tries = 250)
    void hostilePathsAreAnsweredAndWriteNothingWhenRefused(@ForAll("pathRequests") HostileRequest request) {
        site.expectQuiet();
        Api.Response response = site.send(request);
        check(request, response);
    }

    @Provide
    Arbitrary<HostileRequest> pathRequests() {
        return Combinators.combine(Arbitraries.of("GET", "GET", "POST", "PATCH", "DELETE", "PUT", "OPTIONS"),
                        HostileGen.path(), tenants(),
                        Arbitraries.of(Write.CREATE_TASK.validBody(), "{\"title\": \"by path $UNIQUE\"}", "{}"))
                .as((method, path, tenant, body) -> new HostileRequest(tenant, method, path,
                        json(HostileRequest.identity()),
                        method.equals("GET") || method.equals("DELETE") || method.equals("OPTIONS") ? null : body,
                        null, true));
    }

    // --- query strings --------------------------------------------------------------------------------------------

    private static final List<String> QUERY_TARGETS = List.of("/v1/accounts/$ACCOUNT/tasks", "/v1/events",
            "/v1/accounts/$ACCOUNT/tasks/$TASK", "/v1/accounts/$ACCOUNT/tasks/$TASK?asOf=", "/v1/accounts",
            "/v1/users", "/v1/accounts/$ACCOUNT/tasks/$TASK/history", "/v1/accounts/$ACCOUNT/tasks/summary",
            "/v1/accounts/$ACCOUNT/tasks/$TASK/comments");

    /** The list, the feed, asOf and the other reads with random keys and values, repeated keys, huge numbers. */
    @Property(tries = 250)
    void hostileQueryStringsAreAnswered(@ForAll("queryRequests") HostileRequest request) {
        site.expectQuiet();
        Api.Response response = site.send(request);
        check(request, response);
        if (response.status() == 200) {
            assertThat(response.contentType()).as("%s\n  -> %s", request, response).startsWith("application/json");
        }
    }

    @Provide
    Arbitrary<HostileRequest> queryRequests() {
        Arbitrary<HostileRequest> reads = Combinators.combine(Arbitraries.of(QUERY_TARGETS), HostileGen.query(),
                HostileGen.queryValue(), tenants()).as((target, query, asOf, tenant) -> {
                    String path = target.endsWith("asOf=") ? target + asOf + (query.isEmpty() ? "" : "&" + query)
                            : target + (query.isEmpty() ? "" : "?" + query);
                    return new HostileRequest(tenant, "GET", path, HostileRequest.identity(), null, null, true);
                });
        // The one write that takes its argument in the query string.
        Arbitrary<HostileRequest> detach = Combinators.combine(HostileGen.queryValue(), HostileGen.query(), tenants())
                .as((url, query, tenant) -> new HostileRequest(tenant, "DELETE",
                        "/v1/accounts/$ACCOUNT/tasks/$TASK/attachments?url=" + url + (query.isEmpty() ? "" : "&" + query),
                        HostileRequest.identity(), null, null, true));
        return Arbitraries.frequencyOf(Tuple.of(5, reads), Tuple.of(1, detach));
    }

    // --- the body size limit, by hand -----------------------------------------------------------------------------

    /** A valid create padded with JSON whitespace to exactly {@code size} bytes. */
    private static String paddedCreate(long size) {
        String body = site.resolve(Write.CREATE_TASK.validBody(), 0);
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        assertThat(bytes).isLessThan((int) size);
        return body.substring(0, body.length() - 1) + " ".repeat((int) (size - bytes)) + "}";
    }

    private static HostileRequest create(String body) {
        return new HostileRequest(0, "POST", Write.CREATE_TASK.path, json(HostileRequest.identity()), body, null,
                true);
    }

    @Example
    void aBodyOneByteOverOneMebibyteIs413AndWritesNothing() {
        site.expectQuiet();
        HostileRequest request = create(paddedCreate(MAX_BODY + 1));
        Api.Response response = site.send(request);
        site.expectWellFormed(request, response);
        assertThat(response.status()).as("%s\n  -> %s", request, response).isEqualTo(413);
        site.expectStoreConsistentWith(request, response);
    }

    @Example
    void aChunkedBodyOverOneMebibyteIs413AndWritesNothing() {
        site.expectQuiet();
        Map<String, String> headers = json(HostileRequest.identity());
        headers.put("Transfer-Encoding", "chunked");
        HostileRequest request = new HostileRequest(0, "POST", Write.CREATE_TASK.path, headers, null,
                paddedCreate(MAX_BODY + 1000).getBytes(StandardCharsets.UTF_8), true);
        Api.Response response = site.send(request);
        site.expectWellFormed(request, response);
        assertThat(response.status()).as("%s\n  -> %s", request, response).isEqualTo(413);
        site.expectStoreConsistentWith(request, response);
    }

    @Example
    void aValidBodyOfExactlyOneMebibyteIsCreated() {
        site.expectQuiet();
        HostileRequest request = create(paddedCreate(MAX_BODY));
        Api.Response response = site.send(request);
        assertThat(response.status()).as("%s\n  -> %s", request, response).isEqualTo(201);
        site.expectStoreConsistentWith(request, response);
    }

    @Example
    void aFieldExactlyAtItsLimitIsCreatedAndOneOverIsRefused() {
        String valid = Write.CREATE_TASK.validBody();
        Map<String, Integer> limits = Map.of("title", 255, "description", 10_000);
        for (Map.Entry<String, Integer> limit : limits.entrySet()) {
            for (int length : List.of(limit.getValue(), limit.getValue() + 1)) {
                site.expectQuiet();
                String body = valid.replaceFirst("\"" + limit.getKey() + "\": \"[^\"]*\"",
                        "\"" + limit.getKey() + "\": \"" + "é".repeat(length) + "\"");
                HostileRequest request = create(body);
                Api.Response response = site.send(request);
                site.expectWellFormed(request, response);
                if (length == limit.getValue()) {
                    assertThat(response.status()).as("%s\n  -> %s", request, response).isEqualTo(201);
                } else {
                    assertThat(response.status()).as("%s\n  -> %s", request, response).isIn(400, 422);
                    assertThat(response.body()).contains(limit.getKey());
                }
                site.expectStoreConsistentWith(request, response);
            }
        }
    }

    // --- what the properties found, fixed: their reproducers ----------------------------------------------------

    /** Was a 500 from the command side (a record's creator failing on the repeated key); now 400. */
    @Example
    void aRepeatedKeyIsRefusedNot500() {
        for (HostileRequest request : List.of(
                new HostileRequest(0, "POST", "/v1/users", json(HostileRequest.identity()),
                        "{\"name\": \"a\", \"name\": \"b\", \"email\": \"$UNIQUE_EMAIL\"}", null, true),
                create("{\"title\": \"once\", \"assigneeId\": \"$USER\", \"title\": null}"))) {
            site.expectQuiet();
            Api.Response response = site.send(request);
            site.expectWellFormed(request, response);
            site.expectStoreConsistentWith(request, response);
        }
    }

    /** Was a 502 from the gateway (the firewall refusing the parameter while forwarding it); now 400. */
    @Example
    void aControlCharacterInTheQueryIs400Not502() {
        for (HostileRequest request : List.of(
                new HostileRequest(0, "GET", "/v1/accounts/$ACCOUNT/tasks?%00=PENDING", HostileRequest.identity(),
                        null, null, true),
                new HostileRequest(0, "DELETE", "/v1/accounts/$ACCOUNT/tasks/$TASK/attachments?url=x&%00=y",
                        HostileRequest.identity(), null, null, true))) {
            site.expectQuiet();
            Api.Response response = site.send(request);
            site.expectWellFormed(request, response);
            site.expectStoreConsistentWith(request, response);
        }
    }

    /** Was stored, and then stopped the feed and the projections for everyone; now refused at the door. */
    @Example
    void aNulInsideAStringIsRefused() {
        HostileRequest request = new HostileRequest(0, "POST", "/v1/users", json(HostileRequest.identity()),
                "{\"name\": \"a\\u0000b\", \"email\": \"$UNIQUE_EMAIL\"}", null, true);
        site.expectQuiet();
        Api.Response response = site.send(request);
        site.expectWellFormed(request, response);
        assertThat(response.status()).as("%s\n  -> %s", request, response).isIn(400, 422);
        site.expectStoreConsistentWith(request, response);
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private static Arbitrary<Integer> tenants() {
        return Arbitraries.integers().between(0, Site.TENANTS - 1);
    }

    private static Map<String, String> json(Map<String, String> headers) {
        headers.put("Content-Type", "application/json");
        return headers;
    }
}
