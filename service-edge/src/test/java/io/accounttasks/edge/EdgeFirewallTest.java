package io.accounttasks.edge;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EdgeFirewallTest {

    /** Spring Security's own rules (StrictHttpFirewall), which the loop must agree with. */
    private static final Pattern NAME = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    private static final Pattern VALUE = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @Test
    void everyCharacterIsJudgedAsSpringSecuritysExpressionsJudgeIt() {
        for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
            String text = "a" + Character.toString(c) + "b";
            assertThat(EdgeFirewall.allowed(text, false)).as("U+%04X in a name", c)
                    .isEqualTo(NAME.matcher(text).matches());
            assertThat(EdgeFirewall.allowed(text, true)).as("U+%04X in a value", c)
                    .isEqualTo(VALUE.matcher(text).matches());
        }
        String unpaired = "x\uD800y";
        assertThat(EdgeFirewall.allowed(unpaired, true)).isEqualTo(VALUE.matcher(unpaired).matches());
    }

    @Test
    void aHeaderWithAControlCharacterIsRejectedWhenRead() {
        StrictHttpFirewall firewall = EdgeFirewall.strict();
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/accounts");
        request.addHeader("x-fine", "Bearer abc.def\tghi é");
        request.addHeader("x-bad", "abc\u0007def");
        var firewalled = firewall.getFirewalledRequest(request);

        assertThat(firewalled.getHeader("x-fine")).isEqualTo("Bearer abc.def\tghi é");
        assertThatThrownBy(() -> firewalled.getHeader("x-bad")).isInstanceOf(RequestRejectedException.class);
    }
}
