package io.accounttasks.edge;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Trace context and the request log of every service and of the gateway (which leaves out {@link EdgeSecurity}, not
 * this). A malformed {@code traceparent} is set aside before Boot's server observation filter
 * ({@code HIGHEST_PRECEDENCE + 1}) reads it; the request log runs inside that filter, whose trace is then current,
 * and outside Spring Security's chain, which names the caller.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class EdgeLogging {

    @Bean
    FilterRegistrationBean<MalformedTraceContext> malformedTraceContext() {
        FilterRegistrationBean<MalformedTraceContext> registration =
                new FilterRegistrationBean<>(new MalformedTraceContext());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestLog> requestLog() {
        FilterRegistrationBean<RequestLog> registration = new FilterRegistrationBean<>(new RequestLog());
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 1);
        return registration;
    }
}
