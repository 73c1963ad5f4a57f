package io.accounttasks.commandside.task;

import io.accounttasks.coreapi.FieldProblem;
import io.accounttasks.coreapi.task.TaskDetails;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The limits on what a task holds, in the contract's field names. Every problem is collected, so one answer
 * lists all of them.
 */
final class TaskContentRules {

    static final int MAX_TITLE = 255;
    static final int MAX_DESCRIPTION = 10_000;
    static final int MAX_ATTACHMENTS = 20;
    static final int MAX_URL = 2048;
    /** What completing a task achieved, and a comment: as long as a description may be. */
    static final int MAX_OUTCOME = MAX_DESCRIPTION;
    static final int MAX_COMMENT = MAX_DESCRIPTION;
    /** A deadline lies in the years 1970 to 9999 (UTC): what every consumer's date type can hold. */
    static final Instant EARLIEST_DUE = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant AFTER_LATEST_DUE = Instant.parse("+10000-01-01T00:00:00Z");

    private TaskContentRules() {
    }

    static void check(TaskDetails details, List<FieldProblem> problems) {
        String title = details.title();
        if (title == null) {
            problems.add(new FieldProblem("title", "is required"));
        } else if (title.isBlank()) {
            problems.add(new FieldProblem("title", "must not be blank"));
        } else if (length(title) > MAX_TITLE) {
            problems.add(new FieldProblem("title", "must be at most " + MAX_TITLE + " characters"));
        }
        if (details.description() != null && length(details.description()) > MAX_DESCRIPTION) {
            problems.add(new FieldProblem("description", "must be at most " + MAX_DESCRIPTION + " characters"));
        }
        List<String> urls = details.attachmentUrls();
        if (urls.size() > MAX_ATTACHMENTS) {
            problems.add(new FieldProblem("attachmentUrls", "must hold at most " + MAX_ATTACHMENTS + " URLs"));
        }
        for (int i = 0; i < urls.size(); i++) {
            String problem = urlProblem(urls.get(i));
            if (problem != null) {
                problems.add(new FieldProblem("attachmentUrls[" + i + "]", problem));
            }
        }
    }

    /** Null is no deadline. Compared as instants: a far year has no calendar date in every offset. */
    static void checkDueAt(Instant dueAt, List<FieldProblem> problems) {
        if (dueAt != null && (dueAt.isBefore(EARLIEST_DUE) || !dueAt.isBefore(AFTER_LATEST_DUE))) {
            problems.add(new FieldProblem("dueAt", "must be in the years 1970 to 9999 (UTC)"));
        }
    }

    /** Null is no outcome. */
    /** Optional (null: none), but a blank one says nothing, as a blank title or comment would not. */
    static void checkOutcome(String outcome, List<FieldProblem> problems) {
        if (outcome != null && outcome.isBlank()) {
            problems.add(new FieldProblem("outcome", "must not be blank; leave it out to complete without one"));
        } else if (outcome != null && length(outcome) > MAX_OUTCOME) {
            problems.add(new FieldProblem("outcome", "must be at most " + MAX_OUTCOME + " characters"));
        }
    }

    static void checkCommentText(String text, List<FieldProblem> problems) {
        if (text == null) {
            problems.add(new FieldProblem("text", "is required"));
        } else if (text.isBlank()) {
            problems.add(new FieldProblem("text", "must not be blank"));
        } else if (length(text) > MAX_COMMENT) {
            problems.add(new FieldProblem("text", "must be at most " + MAX_COMMENT + " characters"));
        }
    }

    /** The text cut to at most that many characters (code points, as every limit here counts them). */
    static String cut(String text, int max) {
        return length(text) <= max ? text : text.substring(0, text.offsetByCodePoints(0, max));
    }

    /** Null when the URL is an absolute http or https URL with a host, short enough to store and click. */
    private static String urlProblem(String url) {
        if (url == null || url.isBlank()) {
            return "must be an absolute http or https URL";
        }
        if (url.length() > MAX_URL) {
            return "must be at most " + MAX_URL + " characters";
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))
                    || uri.getHost() == null || uri.getHost().isEmpty()) {
                return "must be an absolute http or https URL";
            }
            return null;
        } catch (URISyntaxException e) {
            return "must be an absolute http or https URL";
        }
    }

    private static int length(String text) {
        return text.codePointCount(0, text.length());
    }
}
