package io.accounttasks.gateway.limits;

import io.accounttasks.edge.WithoutHeaders;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
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
            boolean wildcard = isWildcard(request.getHeader(HttpHeaders.CONTENT_TYPE));
            chain.doFilter(wildcard ? new WithoutHeaders(request, HttpHeaders.CONTENT_TYPE) : request, response);
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
}
