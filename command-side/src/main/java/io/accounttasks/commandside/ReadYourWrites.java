package io.accounttasks.commandside;

import org.springframework.http.HttpHeaders;

/**
 * The headers with which the gateway makes a write visible to its writer (docs/ARCHITECTURE.md, "Internal
 * protocol"): the written aggregate's version, where the query side shows it, and whose body to answer with.
 */
public final class ReadYourWrites {

    public static final String VERSION = "X-Aggregate-Version";
    public static final String READ_PATH = "X-Read-Path";
    public static final String ANSWER_FROM = "X-Answer-From";

    private ReadYourWrites() {
    }

    /** Answer the client with the query side's body: the read model shows everything this write knows. */
    public static HttpHeaders fromReadModel(long version, String readPath) {
        return headers(version, readPath, "read-model");
    }

    /** Answer with the command side's own body: it holds something only it knows (an API key), or is a 204. */
    public static HttpHeaders fromCommand(long version, String readPath) {
        return headers(version, readPath, "command");
    }

    private static HttpHeaders headers(long version, String readPath, String answerFrom) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(VERSION, Long.toString(version));
        headers.set(READ_PATH, readPath);
        headers.set(ANSWER_FROM, answerFrom);
        return headers;
    }
}
