package io.accounttasks.gateway.limits;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A {@code Content-Type} of {@code *}{@code /*} or {@code application/*} names no media type a body can have, and
 * Spring MVC refuses to even build a request around one (an {@code IllegalArgumentException}, so a 500). The gateway
 * reads such a header as absent: a request without a body goes on as if it had none, and one with a body meets
 * {@link JsonBodies}' 415 like any other body of no declared type.
 */
@Configuration(proxyBeanMethods = false)
class WildcardContentType {

    @Bean
    FilterRegistrationBean<DropWildcard> wildcardContentTypeFilter() {
        FilterRegistrationBean<DropWildcard> registration = new FilterRegistrationBean<>(new DropWildcard());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 11);
        return registration;
    }

    static final class DropWildcard extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            chain.doFilter(isWildcard(request.getHeader(HttpHeaders.CONTENT_TYPE)) ? new WithoutContentType(request)
                    : request, response);
        }

        private static boolean isWildcard(String contentType) {
            if (contentType == null) {
                return false;
            }
            try {
                MediaType type = MediaType.parseMediaType(contentType);
                return type.isWildcardType() || type.isWildcardSubtype();
            } catch (InvalidMediaTypeException e) {
                return false; // Spring reads an unparseable type as absent on its own
            }
        }
    }

    static final class WithoutContentType extends HttpServletRequestWrapper {

        WithoutContentType(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getContentType() {
            return null;
        }

        @Override
        public String getHeader(String name) {
            return isContentType(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return isContentType(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = Collections.list(super.getHeaderNames());
            names.removeIf(WithoutContentType::isContentType);
            return Collections.enumeration(names);
        }

        private static boolean isContentType(String name) {
            return HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name);
        }
    }
}
