package io.accounttasks.e2e.hostile;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Generators of hostile JSON, bodies, header values, path segments and query strings (text, with placeholders). */
public final class HostileGen {

    private HostileGen() {
    }

    /*
     * Found by these properties and fixed (each has a reproducer in HostileInputPropertiesTest): a key twice in a
     * body answered 500; a control character in a query parameter's name answered 502 at the gateway; a NUL in a
     * string was stored and then stopped the feed and the projections for everyone. The generators make all three.
     */

    /** The writes that take a body, and a body each would accept (placeholders filled when sent). */
    public enum Write {
        CREATE_TASK("POST", "/v1/accounts/$ACCOUNT/tasks", fields(
                "title", "\"hostile $UNIQUE\"", "assigneeId", "\"$USER\"", "description", "\"a description\"",
                "type", "\"FOLLOW_UP\"", "status", "\"PENDING\"", "priority", "\"HIGH\"",
                "activityId", "\"ACT_01HFGZ6B7V4M2N8P5X3J9K1L7H\"",
                "attachmentUrls", "[\"https://files.test/a.pdf\"]", "accountId", "\"$ACCOUNT\"",
                "dueAt", "\"2031-01-31T17:00:00+01:00\"", "blockedBy", "[]")),
        PATCH_TASK("PATCH", "/v1/accounts/$ACCOUNT/tasks/$TASK", fields(
                "title", "\"patched $UNIQUE\"", "description", "\"changed\"", "priority", "\"MEDIUM\"",
                "type", "\"FOLLOW_UP\"", "assigneeId", "\"$U2ID\"", "activityId", "\"ACT_01HFGZ6B7V4M2N8P5X3J9K1L7H\"",
                "attachmentUrls", "[\"https://files.test/b.pdf\"]", "dueAt", "\"2031-06-30T17:00:00+02:00\"",
                "blockedBy", "[\"$VICTIM\"]", "status", "\"IN_PROGRESS\"")),
        // The workflow's writes (docs/API.md, "The task workflow"); a completion's outcome is among the keys.
        FOLLOW_UP("POST", "/v1/accounts/$ACCOUNT/tasks/$TASK/follow-ups", fields(
                "title", "\"follow-up $UNIQUE\"", "assigneeId", "\"$U2ID\"", "priority", "\"HIGH\"",
                "dueAt", "\"2031-02-01T09:00:00Z\"")),
        COMPLETE_TASK("PATCH", "/v1/accounts/$ACCOUNT/tasks/$VICTIM", fields(
                "status", "\"COMPLETED\"", "outcome", "\"done: $UNIQUE\"")),
        COMMENT("POST", "/v1/accounts/$ACCOUNT/tasks/$TASK/comments", fields("text", "\"a comment $UNIQUE\"")),
        EDIT_COMMENT("PATCH", "/v1/accounts/$ACCOUNT/tasks/$TASK/comments/$COMMENT", fields(
                "text", "\"edited $UNIQUE\"")),
        CREATE_ACCOUNT("POST", "/v1/accounts", fields(
                "name", "\"Hostile $UNIQUE\"", "primaryDomain", "\"hostile.e2e.test\"")),
        CREATE_USER("POST", "/v1/users", fields(
                "name", "\"Hostile $UNIQUE\"", "email", "\"$UNIQUE_EMAIL\""));

        public final String method;
        public final String path;
        /** Field name to its JSON text. */
        public final Map<String, String> valid;

        Write(String method, String path, Map<String, String> valid) {
            this.method = method;
            this.path = path;
            this.valid = valid;
        }

        public String validBody() {
            return object(valid);
        }
    }

    private static Map<String, String> fields(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    static String object(Map<String, String> fields) {
        List<String> members = new ArrayList<>();
        fields.forEach((name, value) -> members.add(quote(name) + ": " + value));
        return "{" + String.join(", ", members) + "}";
    }

    // --- JSON -----------------------------------------------------------------------------------------------------

    /** A JSON string literal of the text: quotes, backslashes and control characters escaped. */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Text of every kind, surrogate pairs included, but no lone surrogate (which UTF-8 cannot carry). */
    public static Arbitrary<String> text(int maxLength) {
        return Arbitraries.strings().withCharRange('\u0000', '\u007f')
                .withCharRange('\u0080', '\u07ff')
                .withCharRange('\u0800', '\ud7ff').withCharRange('\ue000', '\ufffd')
                .ofMaxLength(maxLength);
    }

    private static final List<String> NASTY_PIECES = List.of("\\u0000",
            "\\ud800", "\\udfff", "\\ud83d\\ude00",
            "\uD83D\uDE00", "\uD835\uDD4F", "\\n\\r\\t", "\\\"", "\\\\", "\u202e", "\u200b", "\ufeff", "\uffff",
            "<script>alert(1)</script>", "' OR 1=1 --", "${jndi:ldap://x.test/a}", "%00", "../../etc/passwd",
            "{{7*7}}", "\\/", "null", "日本語", "ＡＣＣ＿");

    /** A JSON string literal: random text, escapes of NUL and lone surrogates, or a long one near a field's limit. */
    public static Arbitrary<String> jsonString() {
        Arbitrary<String> pieces = Arbitraries.frequencyOf(
                Tuple.of(3, text(12).map(HostileGen::quoteInner)),
                Tuple.of(2, Arbitraries.of(NASTY_PIECES))).list().ofMaxSize(5).map(list -> String.join("", list));
        Arbitrary<String> nearLimits = Arbitraries.of(0, 1, 254, 255, 256, 1000, 9999, 10000, 10001, 65536, 300_000)
                .flatMap(n -> Arbitraries.of("x", "é", "\uD83D\uDE00", " ").map(c -> c.repeat(n)));
        Arbitrary<String> id = Arbitraries.of("USR_", "ACC_", "ORG_", "ACT_", "TSK_", "", "usr_")
                .flatMap(prefix -> Arbitraries.strings().withChars("0123456789ABCDEFGHJKMNPQRSTVWXYZILOUabc")
                        .ofMinLength(0).ofMaxLength(40).map(rest -> prefix + rest));
        Arbitrary<String> placeholders = Arbitraries.of("$USER", "$U2ID", "$OTHER_USER", "$ACCOUNT", "$OTHER_ACCOUNT",
                "$TASK", "$OTHER_TASK", "$ORG", "https://files.test/x.pdf", "javascript:alert(1)", "ftp://f.test/a",
                "https://", "http://[::1]:0/", "PENDING", "IN_PROGRESS", "COMPLETED", "CANCELLED", "FOLLOW_UP",
                "HIGH", "pending", "$UNIQUE_EMAIL", "a@b", "@", "not an email", "$VICTIM", "$COMMENT",
                // Deadlines: past (the task goes overdue at once), far, without an offset, impossible, out of range.
                "2031-01-31T17:00:00+01:00", "2020-01-31T09:30:00Z", "2031-01-31T17:00:00", "2031-02-30T00:00:00Z",
                "2031-01-31T23:59:60Z", "1969-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "2031-01-31",
                "2031-01-31T17:00:00.123456789+14:00");
        return Arbitraries.frequencyOf(
                Tuple.of(6, pieces.map(inner -> "\"" + inner + "\"")),
                Tuple.of(1, nearLimits.map(HostileGen::quote)),
                Tuple.of(2, id.map(HostileGen::quote)),
                Tuple.of(3, placeholders.map(HostileGen::quote)));
    }

    private static String quoteInner(String text) {
        String quoted = quote(text);
        return quoted.substring(1, quoted.length() - 1);
    }

    public static Arbitrary<String> jsonNumber() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().map(String::valueOf)),
                Tuple.of(2, Arbitraries.longs().map(String::valueOf)),
                Tuple.of(2, Arbitraries.doubles().map(String::valueOf).filter(s -> !s.contains("N") && !s.contains("I"))),
                Tuple.of(3, Arbitraries.of("0", "-0", "1", "-1", "0.0", "2147483648", "9223372036854775807",
                        "9223372036854775808", "-9223372036854775809", "1e309", "-1e309", "1E-400", "4.9e-324",
                        "1.7976931348623157e308", "123456789012345678901234567890", "0.1e1", "1e+2", "20",
                        "21", "100", "101")),
                Tuple.of(1, Arbitraries.of(1001, 5000, 100_000).map("9"::repeat)));
    }

    public static Arbitrary<String> jsonScalar() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.of("null", "true", "false")),
                Tuple.of(3, jsonNumber()),
                Tuple.of(6, jsonString()));
    }

    /** Any JSON value, nested up to {@code depth}; object keys mostly from {@code keys}. */
    public static Arbitrary<String> jsonValue(int depth, Arbitrary<String> keys) {
        if (depth <= 0) {
            return jsonScalar();
        }
        return Arbitraries.frequencyOf(
                Tuple.of(6, jsonScalar()),
                Tuple.of(2, Arbitraries.lazy(() -> jsonArray(depth - 1, keys))),
                Tuple.of(2, Arbitraries.lazy(() -> jsonObject(depth - 1, keys))));
    }

    public static Arbitrary<String> jsonArray(int depth, Arbitrary<String> keys) {
        return jsonValue(depth, keys).list().ofMaxSize(6).map(items -> "[" + String.join(",", items) + "]");
    }

    /** An object from a list of members, so a key may well come twice. */
    public static Arbitrary<String> jsonObject(int depth, Arbitrary<String> keys) {
        return Combinators.combine(keys, jsonValue(depth, keys)).as((key, value) -> quote(key) + ":" + value)
                .list().ofMaxSize(8).map(members -> "{" + String.join(",", members) + "}");
    }

    /** Keys: the endpoint's own fields, fields of the other writes, system fields and nonsense. */
    public static Arbitrary<String> keys(Write write) {
        List<String> all = new ArrayList<>();
        for (Write each : Write.values()) {
            all.addAll(each.valid.keySet());
        }
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(new ArrayList<>(write.valid.keySet()))),
                Tuple.of(2, Arbitraries.of(all)),
                Tuple.of(2, Arbitraries.of("id", "version", "creatorId", "isActive", "deletedAt", "createdAt",
                        "organizationId", "apiKey", "apiKeyHash", "owner", "@class", "@type", "$type", "__proto__",
                        "constructor", "", " title", "TITLE", "title\u0000", "tit\\u006ce", "data", "errors")),
                Tuple.of(1, text(10)));
    }

    // --- bodies ---------------------------------------------------------------------------------------------------

    /** Bodies for one write: random JSON, mutations of a valid body, malformed JSON, non-JSON text. */
    public static Arbitrary<String> body(Write write) {
        Arbitrary<String> keys = keys(write);
        return Arbitraries.frequencyOf(
                Tuple.of(2, jsonValue(3, keys)),
                Tuple.of(3, jsonObject(3, keys)),
                Tuple.of(6, mutation(write, keys)),
                Tuple.of(2, malformed(write)),
                Tuple.of(1, duplicateKey(write)),
                Tuple.of(1, deepNesting()),
                Tuple.of(1, text(200)));
    }

    /** The valid body with one field replaced by a random value, removed, or one more field added. */
    public static Arbitrary<String> mutation(Write write, Arbitrary<String> keys) {
        List<String> names = new ArrayList<>(write.valid.keySet());
        Arbitrary<String> replaced = Combinators.combine(Arbitraries.of(names), jsonValue(2, keys))
                .as((name, value) -> {
                    Map<String, String> body = new LinkedHashMap<>(write.valid);
                    body.put(name, value);
                    return object(body);
                });
        Arbitrary<String> removed = Arbitraries.of(names).map(name -> {
            Map<String, String> body = new LinkedHashMap<>(write.valid);
            body.remove(name);
            return object(body);
        });
        Arbitrary<String> added = Combinators.combine(keys, jsonValue(1, keys)).as((name, value) -> {
            Map<String, String> body = new LinkedHashMap<>(write.valid);
            body.put(name, value);
            return object(body);
        });
        return Arbitraries.frequencyOf(Tuple.of(6, replaced), Tuple.of(1, removed), Tuple.of(2, added));
    }

    /** Valid JSON cut short, with garbage around it, raw control characters, JavaScript-isms. */
    public static Arbitrary<String> malformed(Write write) {
        String valid = write.validBody();
        Arbitrary<String> cut = Arbitraries.integers().between(0, valid.length() - 1).map(n -> valid.substring(0, n));
        Arbitrary<String> trailing = Arbitraries.of(" x", "}", "]", ",", "{}", valid, "\u0000", " // c", "\n\n{",
                "garbage", "null").map(garbage -> valid + garbage);
        Arbitrary<String> leading = Arbitraries.of("\ufeff", "x", ")]}',\n", "\u0000", "//\n", "/* c */")
                .map(garbage -> garbage + valid);
        Arbitrary<String> fixed = Arbitraries.of("", " ", "\n", "{", "}", "[", "{\"title\"}", "{\"title\":}",
                "{'title': 'single'}", "{title: \"unquoted\"}", "{\"title\": \"a\",}", "{\"title\": undefined}",
                "{\"title\": NaN}", "{\"title\": Infinity}", "{\"title\": 0x10}", "{\"title\": 01}",
                "{\"title\": \"raw\u0001control\"}", "{\"title\": \"raw\nnewline\"}", "{\"title\": \"\\x41\"}",
                "{\"title\": \"\\u12\"}", "{\"title\": \"unterminated}", "{\"a\":1}{\"b\":2}", "[]", "[{}]",
                "\"just a string\"", "42", "true", "null", "{\"title\": \"a\" \"assigneeId\": \"b\"}");
        return Arbitraries.oneOf(cut, trailing, leading, fixed);
    }

    /** A valid body with one of its keys once more, holding something else. */
    public static Arbitrary<String> duplicateKey(Write write) {
        List<String> names = new ArrayList<>(write.valid.keySet());
        return Combinators.combine(Arbitraries.of(names), jsonScalar(), Arbitraries.of(true, false))
                .as((name, value, first) -> {
                    String valid = write.validBody();
                    String extra = quote(name) + ": " + value;
                    return first ? "{" + extra + ", " + valid.substring(1) : valid.substring(0, valid.length() - 1)
                            + ", " + extra + "}";
                });
    }

    /** Arrays and objects nested deeper than any parser should follow. */
    public static Arbitrary<String> deepNesting() {
        return Arbitraries.of(10, 999, 1000, 1001, 5000, 100_000).flatMap(depth -> Arbitraries.of(
                "[".repeat(depth) + "]".repeat(depth),
                "{\"title\": " + "[".repeat(depth) + "]".repeat(depth) + "}",
                "{\"a\":".repeat(depth) + "1" + "}".repeat(depth),
                "[".repeat(depth)));
    }

    /** Bytes that are not UTF-8 JSON: invalid sequences, overlong encodings, UTF-16, random bytes. */
    public static Arbitrary<byte[]> nonUtf8Bodies() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> inside = Arbitraries.of(
                new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xFE, (byte) 0xFF},
                new byte[] {(byte) 0xC0, (byte) 0xAE}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xE2, (byte) 0x82},
                new byte[] {0}).map(bad -> {
                    byte[] head = "{\"title\": \"bad ".getBytes(StandardCharsets.UTF_8);
                    byte[] tail = "\", \"assigneeId\": \"$USER\"}".getBytes(StandardCharsets.UTF_8);
                    byte[] all = new byte[head.length + bad.length + tail.length];
                    System.arraycopy(head, 0, all, 0, head.length);
                    System.arraycopy(bad, 0, all, head.length, bad.length);
                    System.arraycopy(tail, 0, all, head.length + bad.length, tail.length);
                    return all;
                });
        Arbitrary<byte[]> utf16 = Arbitraries.of(StandardCharsets.UTF_16, StandardCharsets.UTF_16LE,
                StandardCharsets.UTF_16BE).map(charset -> "{\"title\": \"sixteen\", \"assigneeId\": \"x\"}".getBytes(charset));
        return Arbitraries.oneOf(random, inside, utf16);
    }

    // --- headers --------------------------------------------------------------------------------------------------

    /** One header's value: null (left out), its valid value, or something hostile. */
    public record Value(String text, boolean valid) {
        @Override
        public String toString() {
            return text == null ? "(absent)" : text;
        }
    }

    private static Arbitrary<Value> header(String valid, int validWeight, Arbitrary<String> hostile) {
        return Arbitraries.frequencyOf(
                Tuple.of(validWeight, Arbitraries.just(new Value(valid, true))),
                Tuple.of(1, Arbitraries.just(new Value(null, valid == null))),
                Tuple.of(4, hostile.map(text -> new Value(text, false))));
    }

    /** Printable ASCII and Latin-1 (what HTTP/1.1 header values can carry), and a few long ones. */
    public static Arbitrary<String> headerText() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40)),
                Tuple.of(1, Arbitraries.strings().withCharRange('\u00a0', '\u00ff').ofMaxLength(20)),
                Tuple.of(1, Arbitraries.of(1000, 4000).map("h"::repeat)));
    }

    public static Arbitrary<Value> authorization() {
        return header("Bearer $TOKEN", 4, Arbitraries.oneOf(
                headerText(),
                headerText().map(text -> "Bearer " + text),
                Arbitraries.of("Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer $TOKEN.", "Bearer $TOKENx",
                        "Bearer $OTHER_TOKEN", "Bearer $U2TOKEN", "Bearer $JWT_EXPIRED", "Bearer $JWT_NO_EXP",
                        "Bearer $JWT_WRONG_SECRET", "Bearer $JWT_NO_SUB", "Bearer $JWT_NO_ORG",
                        "Bearer $JWT_OTHER_ORG", "Bearer $JWT_ALG_NONE", "$TOKEN", "Bearer $TOKEN, Bearer $TOKEN",
                        "Bearer a.b.c", "Bearer ...", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.", "Token $TOKEN",
                        "Bearer " + "A".repeat(4000))));
    }

    public static Arbitrary<Value> apiKey() {
        return header("$KEY", 4, Arbitraries.oneOf(headerText(), Arbitraries.of("$OTHER_KEY", "$U2KEY", "$KEY ",
                "$KEYx", "x$KEY", "$KEY, $KEY", "", "null", "%00", "$KEY$KEY")));
    }

    public static Arbitrary<Value> orgId() {
        return header("$ORG", 4, Arbitraries.oneOf(headerText(), Arbitraries.of("$OTHER_ORG", "$ORG, $OTHER_ORG",
                "$ORG ", "$ORGx", "ORG_", "ORG_01HFGZ2E9KZXP8W4YT0Q6XR1M9", "org_01hfgz2e9kzxp8w4yt0q6xr1m9",
                "$USER", "$ACCOUNT", "", "*", "ORG_" + "Z".repeat(3000))));
    }

    public static Arbitrary<Value> contentType() {
        return header("application/json", 4, Arbitraries.oneOf(headerText(), Arbitraries.of(
                "application/json; charset=utf-8", "application/json; charset=UTF-16", "application/json; charset=x",
                "application/json;;;", "application/problem+json", "application/merge-patch+json",
                "application/vnd.api+json", "application/x-json", "text/json", "text/plain", "application/xml",
                "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "*/*", "application/*",
                "application/", "/json", "json", "", "application/json; charset=\"", "APPLICATION/JSON")));
    }

    public static Arbitrary<Value> accept() {
        return header("application/json, application/problem+json", 3, Arbitraries.oneOf(headerText(),
                Arbitraries.of("*/*", "text/html", "application/xml", "text/plain", "text/event-stream",
                        "application/json;q=0", "application/problem+json", "application/json", "image/png",
                        "application/*", "*/json", ";;;", "", "application/json; q=abc", "text/*, */*;q=0")));
    }

    public static Arbitrary<Value> ifMatch() {
        return header(null, 3, Arbitraries.oneOf(headerText(), Arbitraries.of("*", "\"0\"", "\"1\"", "W/\"1\"",
                "\"-1\"", "\"9223372036854775808\"", "\"99999999999999999999\"", "0", "\"a\"", "\"", "\"\"",
                "\"1\", \"2\"", "W/", "*, \"1\"")));
    }

    public static Arbitrary<Value> idempotencyKey() {
        return header(null, 3, Arbitraries.oneOf(headerText(), Arbitraries.of("", " ", "same-key-every-time",
                "00000000-0000-0000-0000-000000000000", "k".repeat(5000), "$KEY")));
    }

    // --- paths and queries ----------------------------------------------------------------------------------------

    public static Arbitrary<String> segment() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("v1", "accounts", "tasks", "users", "events", "history", "summary",
                        "attachments", "comments", "follow-ups", "admin", "organizations", "projections", "replay", "actuator", "health",
                        "prometheus", "error", "internal", "api-keys", "stream")),
                Tuple.of(5, Arbitraries.of("$ACCOUNT", "$VICTIM", "$TASK", "$USER", "$ORG", "$OTHER_ACCOUNT",
                        "$OTHER_TASK", "$OTHER_USER")),
                Tuple.of(4, Arbitraries.of("..", ".", "%2e%2e", "%2E%2E", "%2e", "%252e%252e", "%00", "%2F", "%252F",
                        "%5C", "%20", "%25", "%2e%2e%2f", "..%2f", "..;", ";", ";jsessionid=x", "tasks;x=y", "~", "",
                        "%E6%97%A5%E6%9C%AC", "%C0%AE%C0%AE", "%FF", "%u002e", "*", "+", "$")),
                Tuple.of(3, Arbitraries.of("ACC_", "USR_", "ORG_", "ACT_", "TSK_", "")
                        .flatMap(prefix -> Arbitraries.strings().withChars("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
                                .ofMinLength(0).ofMaxLength(30).map(rest -> prefix + rest))),
                Tuple.of(1, Arbitraries.of(27, 200, 2000).map(n -> "ACC_" + "1".repeat(n))),
                Tuple.of(2, Arbitraries.strings().alpha().numeric().withChars("-_.~!$&'()*+,=:@").ofMaxLength(20)),
                Tuple.of(1, Arbitraries.of("日本", "é", "\uD83D\uDE00", "ÄCC_01HFGZ2E9KZXP8W4YT0Q6XR1M9")));
    }

    public static Arbitrary<String> path() {
        Arbitrary<String> random = segment().list().ofMinSize(0).ofMaxSize(7).map(segments -> "/" + String.join("/",
                segments));
        Arbitrary<String> nearReal = Combinators.combine(
                Arbitraries.of("/v1/accounts/$ACCOUNT/tasks/$VICTIM", "/v1/accounts/$ACCOUNT/tasks",
                        "/v1/accounts/$ACCOUNT/tasks/$VICTIM/comments", "/v1/accounts/$ACCOUNT/tasks/$VICTIM/follow-ups",
                        "/v1/accounts/$ACCOUNT", "/v1/accounts", "/v1/users", "/v1/events", "/admin/organizations",
                        "/admin/projections", "/v1"),
                segment().list().ofMaxSize(3),
                Arbitraries.of("", "/", "?", "?x=y", "#frag", "//")).as((base, more, end) ->
                base + (more.isEmpty() ? "" : "/" + String.join("/", more)) + end);
        return Arbitraries.oneOf(random, nearReal);
    }

    /** A value for a query parameter, already percent-encoded where it needs to be (and sometimes badly). */
    public static Arbitrary<String> queryValue() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("PENDING", "IN_PROGRESS", "COMPLETED", "HIGH", "LOW", "FOLLOW_UP",
                        "$USER", "$OTHER_USER", "1", "2", "20", "100", "101", "0", "-1", "true", "false", "createdAt",
                        "-createdAt", "-priority", "updatedAt", "dueAt", "-dueAt")),
                Tuple.of(3, Arbitraries.of("99999999999999999999", "9223372036854775807", "9223372036854775808",
                        "-9223372036854775808", "2147483648", "1e10", "0x10", "%2B5", "%205", "5%20", "1.5", "NaN",
                        "Infinity", "0001", "", "%FF%FE", "%C0%AE", "%25", "%", "%ZZ", "%E6%97%A5", "a%26b%3Dc")),
                Tuple.of(1, Arbitraries.of("%00", "%0d%0aX-Injected:%201", "%7F")),
                Tuple.of(3, Arbitraries.of("2025-01-31T09:31:00Z", "2025-01-31T11:31:00%2B02:00",
                        "2025-01-31T11:31:00+02:00", "%2B999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z",
                        "2025-02-30T00:00:00Z", "1970-01-01T00:00:00Z", "2025-01-31T09:31:00%2B18:00",
                        "2025-01-31T09:31:00%2B25:00", "2025-01-31T09:31:00.123456789Z", "2025-01-31t09:31:00z",
                        "1700000000", "2025-01-31", "now", "9999-12-31T23:59:59.999999999Z",
                        "0000-01-01T00:00:00Z")),
                Tuple.of(2, Arbitraries.strings().alpha().numeric().withChars("-_.~").ofMaxLength(30)),
                Tuple.of(1, Arbitraries.of(300, 5000).map("9"::repeat)));
    }

    public static Arbitrary<String> query() {
        Arbitrary<String> key = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("status", "priority", "type", "assigneeId", "page", "limit", "sort",
                        "includeDeleted", "after", "asOf", "dueBefore", "dueAfter", "overdue", "blocked")),
                Tuple.of(1, Arbitraries.of("", "STATUS", "limit[]", "page.x", "x", "url", "%C3%A9")),
                Tuple.of(1, Arbitraries.of("%00", "status%00")),
                Tuple.of(1, Arbitraries.strings().alpha().ofMaxLength(8)));
        Arbitrary<String> pair = Combinators.combine(key, queryValue(), Arbitraries.of("=", "=", "=", "", "=="))
                .as((k, v, eq) -> eq.isEmpty() ? k : k + eq + v);
        return pair.list().ofMaxSize(6).map(pairs -> String.join("&", pairs));
    }
}
