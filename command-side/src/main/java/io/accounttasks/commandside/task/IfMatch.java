package io.accounttasks.commandside.task;

import io.accounttasks.commandside.InvalidHeaderException;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A task write's {@code If-Match} (RFC 9110, 13.1.1): none, {@code *} (any existing task), or the versions the
 * client accepts. A task's ETag is {@code "version"}, strong; an element may also come unquoted. A weak tag
 * ({@code W/"3"}) never matches, since If-Match compares strongly (RFC 9110, 13.1.1): the write is refused with 412.
 * Any other tag is not one of ours and can never match, so it is answered as malformed (400).
 */
record IfMatch(boolean any, Set<Long> versions, Set<Long> weak) {

    static final String HEADER = "If-Match";
    static final IfMatch NONE = new IfMatch(false, Set.of(), Set.of());

    private static final Pattern ELEMENT = Pattern.compile("(W/)?(\"?)([0-9]{1,18})\\2");

    IfMatch {
        versions = Set.copyOf(versions);
        weak = Set.copyOf(weak);
    }

    /** The header's value (several If-Match headers arrive joined by commas); null or absent is {@link #NONE}. */
    static IfMatch parse(String header) {
        if (header == null) {
            return NONE;
        }
        if (header.trim().equals("*")) {
            return new IfMatch(true, Set.of(), Set.of());
        }
        Set<Long> versions = new LinkedHashSet<>();
        Set<Long> weak = new LinkedHashSet<>();
        for (String element : header.split(",", -1)) {
            String tag = element.trim();
            if (tag.isEmpty()) {
                continue; // RFC 9110 5.6.1: a list may carry empty elements
            }
            Matcher version = ELEMENT.matcher(tag);
            if (!version.matches()) {
                throw malformed();
            }
            (version.group(1) == null ? versions : weak).add(Long.parseLong(version.group(3)));
        }
        if (versions.isEmpty() && weak.isEmpty()) {
            throw malformed();
        }
        return new IfMatch(false, versions, weak);
    }

    boolean isNone() {
        return !any && versions.isEmpty() && weak.isEmpty();
    }

    boolean matches(long version) {
        return isNone() || any || versions.contains(version);
    }

    /**
     * The client named the versions it has seen: a write that loses a race against another writer is then
     * refused (412), never retried onto a newer version the client has not seen.
     */
    boolean namesVersions() {
        return !versions.isEmpty() || !weak.isEmpty();
    }

    @Override
    public String toString() {
        if (any) {
            return "*";
        }
        String strong = versions.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", "));
        return weak.isEmpty() ? strong : (strong.isEmpty() ? "" : strong + " ")
                + "(a weak W/ tag never matches: If-Match compares strongly)";
    }

    private static InvalidHeaderException malformed() {
        return new InvalidHeaderException(HEADER, "must be * or a list of task ETags such as \"3\" (a task's "
                + "version, as its ETag names it)");
    }
}
