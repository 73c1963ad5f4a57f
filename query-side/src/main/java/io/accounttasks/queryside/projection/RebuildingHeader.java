package io.accounttasks.queryside.projection;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Adds {@code X-Projection-Rebuilding} to the answers of {@link ServedBy} endpoints while the projection is rebuilt. */
@Configuration(proxyBeanMethods = false)
class RebuildingHeader implements WebMvcConfigurer, HandlerInterceptor {

    public static final String HEADER = "X-Projection-Rebuilding";

    private final ProjectionStatuses statuses;

    RebuildingHeader(ProjectionStatuses statuses) {
        this.statuses = statuses;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (handler instanceof HandlerMethod method) {
            ServedBy servedBy = method.getMethodAnnotation(ServedBy.class);
            if (servedBy != null && statuses.isRebuilding()) {
                response.setHeader(HEADER, servedBy.value());
            }
        }
        return true;
    }
}
