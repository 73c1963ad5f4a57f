package io.accounttasks.commandside;

import io.accounttasks.coreapi.FieldProblem;

import java.util.List;
import java.util.regex.Pattern;

/**
 * How organizations, users and accounts name things: one rule for all three, since the contract gives them the
 * same limits. Each check adds its problem to a list, so a request hears about every bad field at once.
 */
public final class Names {

    public static final int MAX_NAME = 200;
    public static final int MAX_EMAIL = 254;
    public static final int MAX_DOMAIN = 253;

    // Plausible, not RFC 5322: something@label.label, no spaces. Whether it receives mail is not our business.
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?i)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

    private Names() {
    }

    public static void checkName(String field, String name, List<FieldProblem> problems) {
        if (name == null || name.isBlank()) {
            problems.add(new FieldProblem(field, "is required and must not be blank"));
        } else if (name.codePointCount(0, name.length()) > MAX_NAME) {
            problems.add(new FieldProblem(field, "must be at most " + MAX_NAME + " characters"));
        }
    }

    public static void checkEmail(String field, String email, List<FieldProblem> problems) {
        if (email == null || email.isBlank()) {
            problems.add(new FieldProblem(field, "is required and must not be blank"));
        } else if (email.length() > MAX_EMAIL) {
            problems.add(new FieldProblem(field, "must be at most " + MAX_EMAIL + " characters"));
        } else if (!EMAIL.matcher(email).matches()) {
            problems.add(new FieldProblem(field, "must be an e-mail address"));
        }
    }

    /** An optional domain name such as {@code acme.com}: null is fine, anything else must be a host name. */
    public static void checkDomain(String field, String domain, List<FieldProblem> problems) {
        if (domain == null) {
            return;
        }
        if (domain.length() > MAX_DOMAIN || !DOMAIN.matcher(domain).matches()) {
            problems.add(new FieldProblem(field, "must be a domain name such as acme.com"));
        }
    }
}
