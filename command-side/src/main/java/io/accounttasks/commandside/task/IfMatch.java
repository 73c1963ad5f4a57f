package io.accounttasks.commandside.task;

import io.accounttasks.commandside.InvalidHeaderException;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A task write's {@code If-Match} (RFC 9110, 13.1.1): none, {@code *} (any existing task), or the versions the
 * client accepts. A task's ETag is {@code "version"}; an element may also come unquoted or weak ({@code W/"3"}
 * is 3: the version is all an ETag of ours says, so there is nothing weaker about it). Any other tag is not one
 * of ours and can never match, so it is answered as malformed (400) rather than as a 412 the client cannot fix by
 * reading again.
 */
record IfMatch(boolean any, Set<Long> versions) {

    static final String HEADER = "If-Match";
    static final IfMatch NONE = new IfMatch(false, Set.of());

    private static final Pattern ELEMENT = Pattern.compile("(?:W/)?(\"?)([0-9]{1,18})\\1");

    IfMatch {
        versions = Set.copyOf(versions);
    }

    /** The header's value (several If-Match headers arrive joined by commas); null or absent is {@link #NONE}. */
    static IfMatch parse(String header) {
        if (header == null) {
            return NONE;
        }
        if (header.trim().equals("*")) {
            return new IfMatch(true, Set.of());
        }
        Set<Long> versions = new LinkedHashSet<>();
        for (String element : header.split(",", -1)) {
            String tag = element.trim();
            if (tag.isEmpty()) {
                continue; // RFC 9110 5.6.1: a list may carry empty elements
            }
            Matcher version = ELEMENT.matcher(tag);
            if (!version.matches()) {
                throw malformed();
            }
            versions.add(Long.parseLong(version.group(2)));
        }
        if (versions.isEmpty()) {
            throw malformed();
        }
        return new IfMatch(false, versions);
    }

    boolean isNone() {
        return !any && versions.isEmpty();
    }

    boolean matches(long version) {
        return isNone() || any || versions.contains(version);
    }

    /**
     * The client named the versions it has seen: a write that loses a race against another writer is then
     * refused (412), never retried onto a newer version the client has not seen.
     */
    boolean namesVersions() {
        return !versions.isEmpty();
    }

    @Override
    public String toString() {
        return any ? "*" : versions.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", "));
    }

    private static InvalidHeaderException malformed() {
        return new InvalidHeaderException(HEADER, "must be * or a list of task ETags such as \"3\" (a task's "
                + "version, as its ETag names it)");
    }
}
