package io.accounttasks.e2e.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every exchange of the end-to-end suite held against the OpenAPI document the gateway serves, so that the
 * document cannot drift from the answers: every answer must be one the document describes, and a request the
 * document calls invalid must be refused (a 4xx), never carried out.
 */
public final class Contract {

    /** Request findings that mean "no such operation": the answer is then held only to being a 4xx. */
    private static final Set<String> UNKNOWN_OPERATION =
            Set.of("validation.request.path.missing", "validation.request.operation.notAllowed");

    /** What the gateway serves beside the API: the document itself, Swagger UI, health and metrics. */
    private static final Set<String> NOT_THE_API = Set.of("/v3/api-docs", "/swagger-ui", "/actuator");

    private final OpenApiInteractionValidator validator;

    private Contract(String document) {
        // An object schema without additionalProperties is taken as closed (the validator's default), so a field
        // the document does not name fails; allOf is merged first, or each branch would refuse the other's fields.
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(document)
                .withResolveCombinators(true)
                .withStrictOperationPathMatching()
                .build();
    }

    /** The check against this document (the served one: see {@link Api#contract()}). */
    static Contract of(String document) {
        return new Contract(document);
    }

    /**
     * Fails with every finding when the exchange breaks the document.
     *
     * @param body the request body as sent, or null; {@code bodyIsText} false when it was not UTF-8 text
     */
    public void check(String method, String pathAndQuery, Map<String, String> headers, String body,
                      boolean bodyIsText, Api.Response response) {
        if (NOT_THE_API.stream().anyMatch(pathAndQuery::startsWith)) {
            return;
        }
        URI uri = URI.create("http://gateway" + (pathAndQuery.startsWith("/") ? "" : "/") + pathAndQuery);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        Request.Method verb;
        try {
            verb = Request.Method.valueOf(method);
        } catch (IllegalArgumentException notOneTheDocumentKnows) {
            requireRefused(method, pathAndQuery, response, "a method the document has no word for");
            return;
        }

        // Query parameter names are case-sensitive (RFC 3986, OpenAPI), as the services read them; the validator's
        // default would check "?STATUS=x" as if it were "?status=x".
        SimpleRequest.Builder request = new SimpleRequest.Builder(verb, path, true);
        // Content-Type describes a request body and Accept an answer's: where there is none, either is moot.
        headers.forEach((name, value) -> {
            boolean moot = name.equalsIgnoreCase("Content-Type") ? body == null
                    : name.equalsIgnoreCase("Accept") && response.body().isEmpty();
            if (!moot) {
                // As java.net.http puts it on the wire: a character beyond ASCII goes as '?'.
                request.withHeader(name, value.replaceAll("[^\\x00-\\x7F]", "?"));
            }
        });
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                request.withQueryParam(decode(eq < 0 ? pair : pair.substring(0, eq)),
                        eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        if (body != null && bodyIsText) {
            // A leading byte order mark is one JSON readers may ignore (RFC 8259, 8.1), and the services do.
            request.withBody(body.startsWith("\uFEFF") ? body.substring(1) : body);
        }
        ValidationReport requestReport = bodyIsText ? validator.validateRequest(request.build())
                : ValidationReport.singleton(ValidationReport.Message.create("e2e.body.notText",
                        "the body is not UTF-8 text").build());
        boolean unknown = requestReport.getMessages().stream().anyMatch(m -> UNKNOWN_OPERATION.contains(m.getKey()));
        if (unknown) {
            requireRefused(method, pathAndQuery, response, "an operation the document does not have");
            return;
        }
        if (requestReport.hasErrors() && response.status() < 400) {
            throw new AssertionError("the gateway carried out a request the document calls invalid:\n"
                    + describe(requestReport) + "\n  " + response);
        }

        SimpleResponse.Builder answer = SimpleResponse.Builder.status(response.status());
        response.headers().map().forEach((name, values) -> answer.withHeader(name, values));
        if (!response.body().isEmpty()) {
            answer.withBody(response.body());
        }
        ValidationReport responseReport = validator.validateResponse(path, verb, answer.build());
        if (responseReport.hasErrors()) {
            throw new AssertionError("an answer the served document does not describe:\n"
                    + describe(responseReport) + "\n  " + method + " " + pathAndQuery + " -> " + response);
        }
    }

    private static void requireRefused(String method, String pathAndQuery, Api.Response response, String why) {
        if (response.status() < 400) {
            throw new AssertionError(why + " was answered " + response.status() + ": " + method + " "
                    + pathAndQuery + " -> " + response);
        }
    }

    /** As the services read a query: a '+' left unencoded is a plus (an offset), not a space. */
    private static String decode(String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }

    private static String describe(ValidationReport report) {
        return report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> describe(m, "  "))
                .collect(Collectors.joining("\n"));
    }

    /** A combinator's finding (allOf, oneOf) says only that a branch failed; its nested findings say which. */
    private static String describe(ValidationReport.Message message, String indent) {
        StringBuilder out = new StringBuilder(indent).append("- [").append(message.getKey()).append("] ")
                .append(message.getMessage());
        message.getAdditionalInfo().forEach(info -> out.append("\n").append(indent).append("    ").append(info));
        message.getNestedMessages().forEach(nested -> out.append("\n").append(describe(nested, indent + "  ")));
        return out.toString();
    }
}
