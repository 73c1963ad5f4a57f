package io.accounttasks.gateway.problem;

import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The errors Tomcat answers itself, before Spring sees the request (a request target it will not map, such as
 * {@code /..} or an encoded backslash; a header block over its limit) or after the error page failed too: in
 * problem+json like every other error, instead of Tomcat's HTML page. Tomcat renders those through its host's
 * error report valves; this customizer puts its own in their place, after Spring Boot has added one.
 */
@Component
class ContainerProblems implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            var pipeline = context.getParent().getPipeline();
            for (Valve valve : pipeline.getValves()) {
                if (valve instanceof ErrorReportValve) {
                    pipeline.removeValve(valve);
                }
            }
            pipeline.addValve(new ProblemReportValve());
            // The host adds Tomcat's HTML valve when it starts unless it finds one of the class it is told.
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
        });
    }

    /** After Spring Boot's own customizer, which adds the HTML valve this one removes. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    static final class ProblemReportValve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0) {
                return;
            }
            AtomicBoolean writable = new AtomicBoolean(false);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, writable);
            if (!writable.get()) {
                return; // the connection is already broken: nothing can be said
            }
            HttpStatusCode code = HttpStatusCode.valueOf(status);
            byte[] problem = code.is5xxServerError()
                    ? Problems.body(code, Problems.slug(code),
                            "the gateway could not answer this request; it has been logged")
                    : Problems.body(code, "malformed-request",
                            "the request is malformed (its target or its headers) and was refused before it was read");
            String body = new String(problem, StandardCharsets.UTF_8);
            try {
                response.setContentType(Problems.PROBLEM_JSON.toString());
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                PrintWriter writer = response.getReporter();
                if (writer != null) {
                    writer.write(body);
                    response.finishResponse();
                }
            } catch (Exception e) {
                // As Tomcat's own valve does: a response that cannot be written any more is left as it is.
            }
        }
    }
}
