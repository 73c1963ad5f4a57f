package io.accounttasks.gateway.limits;

import io.accounttasks.gateway.problem.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Request bodies over the limit (1 MiB by default, {@code tasks.max-request-bytes}) answer 413 before anything is
 * authenticated or forwarded. A declared {@code Content-Length} is checked at once; a body sent without one
 * (chunked) is read up to the limit here, so an oversized one never half-reaches a service.
 */
@Configuration(proxyBeanMethods = false)
class BodySizeLimit {

    @Bean
    FilterRegistrationBean<LimitFilter> bodySizeLimitFilter(@Value("${tasks.max-request-bytes:1048576}") long maxBytes) {
        FilterRegistrationBean<LimitFilter> registration = new FilterRegistrationBean<>(new LimitFilter(maxBytes));
        // Before Spring Security's filters, so a huge body costs no API key lookup.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    static final class LimitFilter extends OncePerRequestFilter {

        private final long maxBytes;

        LimitFilter(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            long declared = request.getContentLengthLong();
            if (declared > maxBytes) {
                tooLarge(response);
                return;
            }
            if (declared < 0 && request.getHeader("Transfer-Encoding") != null) {
                byte[] body = readAtMost(request.getInputStream(), maxBytes + 1);
                if (body.length > maxBytes) {
                    tooLarge(response);
                    return;
                }
                chain.doFilter(new BufferedBody(request, body), response);
                return;
            }
            chain.doFilter(request, response);
        }

        private void tooLarge(HttpServletResponse response) throws IOException {
            Problems.write(response, HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large",
                    "request bodies are limited to " + maxBytes + " bytes");
        }

        private static byte[] readAtMost(InputStream in, long limit) throws IOException {
            return in.readNBytes((int) Math.min(limit, Integer.MAX_VALUE - 8));
        }
    }

    /** A request whose body has been read into memory, replayed to whoever reads it next. */
    static final class BufferedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        BufferedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream bytes = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return bytes.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already buffered");
                }

                @Override
                public int read() {
                    return bytes.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return bytes.read(buffer, offset, length);
                }
            };
        }
    }
}
