package io.accounttasks.commandside.task;

import io.accounttasks.coreapi.FieldProblem;
import io.accounttasks.coreapi.task.TaskDetails;

import java.net.URI;
import java.net.URISyntaxException;
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
