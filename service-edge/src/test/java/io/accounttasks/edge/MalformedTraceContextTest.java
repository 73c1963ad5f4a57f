package io.accounttasks.edge;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Only a well-formed W3C traceparent reaches the trace extraction; anything else is as if absent. */
class MalformedTraceContextTest {

    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String SPAN_ID = "00f067aa0ba902b7";

    @Test
    void wellFormedIsVersion00WithNonZeroLowercaseIds() {
        assertThat(MalformedTraceContext.isWellFormed("00-" + TRACE_ID + "-" + SPAN_ID + "-01")).isTrue();
        assertThat(MalformedTraceContext.isWellFormed("00-" + TRACE_ID + "-" + SPAN_ID + "-00")).isTrue();
        for (String malformed : List.of("", "garbage", "00-" + TRACE_ID + "-zz-01", "00-" + TRACE_ID,
                "00-" + TRACE_ID + "-" + SPAN_ID, "00-" + TRACE_ID + "-" + SPAN_ID + "-01-x",
                "00-" + TRACE_ID.toUpperCase() + "-" + SPAN_ID + "-01", "ff-" + TRACE_ID + "-" + SPAN_ID + "-01",
                "00-" + "0".repeat(32) + "-" + SPAN_ID + "-01", "00-" + TRACE_ID + "-" + "0".repeat(16) + "-01",
                " 00-" + TRACE_ID + "-" + SPAN_ID + "-01")) {
            assertThat(MalformedTraceContext.isWellFormed(malformed)).as(malformed).isFalse();
        }
    }

    @Test
    void aMalformedTraceparentAndItsTracestateAreHidden() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/accounts");
        request.addHeader("traceparent", "00-" + TRACE_ID + "-zz-01");
        request.addHeader("tracestate", "vendor=x");
        request.addHeader("x-org-id", "ORG_1");

        HttpServletRequest seen = pass(request);

        assertThat(seen.getHeader("traceparent")).isNull();
        assertThat(seen.getHeader("TraceState")).isNull();
        assertThat(Collections.list(seen.getHeaders("traceparent"))).isEmpty();
        assertThat(Collections.list(seen.getHeaderNames())).containsExactly("x-org-id");
        assertThat(seen.getHeader("x-org-id")).isEqualTo("ORG_1");
    }

    @Test
    void aWellFormedOneOrNoneIsLeftAloneAndTwoAreIgnored() throws Exception {
        MockHttpServletRequest traced = new MockHttpServletRequest("GET", "/v1/accounts");
        traced.addHeader("traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + "-01");
        assertThat(pass(traced)).isSameAs(traced);
        MockHttpServletRequest untraced = new MockHttpServletRequest("GET", "/v1/accounts");
        assertThat(pass(untraced)).isSameAs(untraced);
        // Two of them: which one is meant cannot be told (W3C: the vendor may ignore both).
        MockHttpServletRequest twice = new MockHttpServletRequest("GET", "/v1/accounts");
        twice.addHeader("traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + "-01");
        twice.addHeader("traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + "-00");
        assertThat(pass(twice).getHeader("traceparent")).isNull();
    }

    private static HttpServletRequest pass(MockHttpServletRequest request) throws Exception {
        List<HttpServletRequest> seen = new ArrayList<>();
        new MalformedTraceContext().doFilter(request, new MockHttpServletResponse(),
                new MockFilterChain(new HttpServlet() {
                }, (in, out, chain) -> seen.add((HttpServletRequest) in)));
        return seen.get(0);
    }
}
