package io.accounttasks.e2e.hostile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One generated request, still symbolic: the path, header values and body may hold placeholders ({@code $TOKEN},
 * {@code $KEY}, {@code $ORG}, {@code $ACCOUNT}, {@code $TASK}, {@code $USER}, ... see {@link Site#resolve}) that are
 * filled in only when it is sent. So what jqwik prints for a failing try (this record's {@link #toString()}) names
 * the tenant's secrets without showing them, and the same request can be replayed against a fresh system.
 *
 * @param tenant      which of the {@link Site}'s tenants sends it (0, 1, 2)
 * @param method      the HTTP method
 * @param path        path and query, placeholders allowed
 * @param headers     header name to value, placeholders allowed; a null value leaves that header out
 * @param body        a text body (sent as UTF-8), or null
 * @param bytes       a body of raw bytes (when it is not text: invalid UTF-8, UTF-16), or null
 * @param credentials whether the identity headers are the tenant's own, untouched (else some were broken)
 */
public record HostileRequest(int tenant, String method, String path, Map<String, String> headers, String body,
                             byte[] bytes, boolean credentials) {

    /** A write: what must leave the store alone when it is refused. */
    public boolean isWrite() {
        return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
    }

    public HostileRequest withBody(String text) {
        return new HostileRequest(tenant, method, path, headers, text, null, credentials);
    }

    /** The tenant's three identity headers, symbolic, and a JSON content type when there is a body. */
    public static Map<String, String> identity() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer $TOKEN");
        headers.put("x-api-key", "$KEY");
        headers.put("x-org-id", "$ORG");
        return headers;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        out.append(method).append(' ').append(truncate(path, 300)).append("  (as tenant #").append(tenant)
                .append(credentials ? ", its own credentials" : ", broken credentials").append(")");
        List<String> shown = new ArrayList<>();
        headers.forEach((name, value) -> shown.add(name + ": " + (value == null ? "(absent)" : truncate(value, 200))));
        out.append("\n    headers: ").append(String.join(" | ", shown));
        if (body != null) {
            out.append("\n    body (").append(body.length()).append(" chars): ").append(visible(truncate(body, 600)));
        } else if (bytes != null) {
            out.append("\n    body (").append(bytes.length).append(" bytes): ").append(hex(bytes, 200));
        }
        return out.toString();
    }

    static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...(" + (text.length() - max) + " more)";
    }

    /** Control characters and lone surrogates made visible, so a report shows what was sent. */
    static String visible(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean lone = Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) && !(Character.isLowSurrogate(c) && i > 0
                    && Character.isHighSurrogate(text.charAt(i - 1)));
            if (c < 0x20 || c == 0x7f || lone) {
                out.append(String.format("<U+%04X>", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String hex(byte[] bytes, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, max); i++) {
            int b = bytes[i] & 0xff;
            out.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02X", b));
        }
        if (bytes.length > max) {
            out.append("...(").append(bytes.length - max).append(" more)");
        }
        return out.toString();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
