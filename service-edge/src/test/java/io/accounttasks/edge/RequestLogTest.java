package io.accounttasks.edge;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The caller is in the log context while a request runs, and forgotten after it, however it ended. */
@ExtendWith(OutputCaptureExtension.class)
class RequestLogTest {

    static final String ORG = "ORG_01HFGZ2E9KZXP8W4YT0Q6XR1M9";
    static final String USER = "USR_01HFGZ6B7V4M2N8P5X3J9K1L7H";

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void theCallerIsNamedDuringTheRequestAndForgottenAfterIt(CapturedOutput output) throws Exception {
        Map<String, String> during = new HashMap<>();
        MockHttpServletResponse response = new MockHttpServletResponse();

        new RequestLog().doFilter(new MockHttpServletRequest("POST", "/v1/accounts"), response,
                new MockFilterChain(new HttpServlet() {
                }, (request, answer, chain) -> {
                    RequestLog.identify(ORG, USER);
                    during.putAll(MDC.getCopyOfContextMap());
                    ((HttpServletResponse) answer).setStatus(201);
                }));

        assertThat(during).containsEntry(RequestLog.ORGANIZATION, ORG).containsEntry(RequestLog.USER, USER);
        assertThat(MDC.get(RequestLog.ORGANIZATION)).isNull();
        assertThat(MDC.get(RequestLog.USER)).isNull();
        assertThat(output.getOut()).contains("POST /v1/accounts -> 201");
    }

    @Test
    void aProbeOrAFailedRequestForgetsItsCallerToo(CapturedOutput output) {
        for (String path : new String[] {"/actuator/health", "/v1/tasks"}) {
            MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
            assertThatThrownBy(() -> new RequestLog().doFilter(request, new MockHttpServletResponse(),
                    new MockFilterChain(new HttpServlet() {
                    }, (in, out, chain) -> {
                        RequestLog.identify(ORG, USER);
                        throw new IllegalStateException("boom");
                    }))).isInstanceOf(IllegalStateException.class);

            assertThat(MDC.get(RequestLog.ORGANIZATION)).as(path).isNull();
            assertThat(MDC.get(RequestLog.USER)).as(path).isNull();
        }
        assertThat(output.getOut()).contains("GET /v1/tasks -> failed with IllegalStateException")
                .doesNotContain("GET /actuator/health");
    }
}
