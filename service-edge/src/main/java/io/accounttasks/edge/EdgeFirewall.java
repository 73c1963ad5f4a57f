package io.accounttasks.edge;

import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall with its own rules for header and parameter names and header values (nothing
 * unassigned, no control character but a tab in a value), checked by a loop over the characters rather than its
 * regular expressions. The firewall checks a header every time any filter reads it (docs/BENCHMARKS.md, step 42).
 */
public final class EdgeFirewall {

    private EdgeFirewall() {
    }

    public static StrictHttpFirewall strict() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(name -> allowed(name, false));
        firewall.setAllowedHeaderValues(value -> allowed(value, true));
        firewall.setAllowedParameterNames(name -> allowed(name, false));
        return firewall;
    }

    /** As {@code [\p{IsAssigned}&&[^\p{IsControl}]]*} (or, with a tab, {@code ...||\t]]*}) matches, by character. */
    static boolean allowed(String text, boolean tab) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (c < 0x20 || c >= 0x7f) {
                // Printable ASCII is all assigned and none of it is a control character; the rest is looked up.
                int type = Character.getType(c);
                if (type == Character.UNASSIGNED || type == Character.CONTROL && !(tab && c == '\t')) {
                    return false;
                }
            }
            i += Character.charCount(c);
        }
        return true;
    }
}
