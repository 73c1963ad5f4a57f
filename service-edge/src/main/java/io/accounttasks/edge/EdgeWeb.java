package io.accounttasks.edge;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.user.UserId;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.List;
import java.util.function.Function;

/** How requests are read: strict JSON, the {@link Caller} parameter, and a cap on body size. */
@Configuration(proxyBeanMethods = false)
class EdgeWeb implements WebMvcConfigurer {

    /**
     * A request body is read strictly: an unknown field, a number where a string belongs, or a float for an
     * integer is an error the client should hear about, not something silently dropped or coerced.
     * (Axon's event serializer must not inherit this: old events have to stay readable. Give it its own mapper.)
     */
    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictRequestBodies() {
        return builder -> builder
                .featuresToEnable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                        // 1 is not IN_PROGRESS: an enum takes its names only, not its positions.
                        DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                        // {"title":"a","title":"b"} means nothing sure: refused, rather than one of them kept (or
                        // a record's creator failing on it with a 500).
                        JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .featuresToDisable(MapperFeature.ALLOW_COERCION_OF_SCALARS,
                        DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .postConfigurer(mapper -> {
                    // 12 is not a title: no number or boolean silently becomes a string.
                    for (CoercionInputShape shape : new CoercionInputShape[] {
                            CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean}) {
                        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
                    }
                });
    }

    /** Boot installs Module beans into the request mapper (and only there: Axon's serializers are their own). */
    @Bean
    Module noNulCharacters() {
        return new SimpleModule("no-nul-characters").addDeserializer(String.class, new StringWithoutNul());
    }

    /**
     * Every instant an answer holds is written one way: UTC, with exactly three fractional digits
     * ({@code 2030-01-31T16:00:00.000Z}), the millisecond being what the system keeps. Jackson's defaults write an
     * OffsetDateTime read from PostgreSQL without trailing zeros ({@code 13:37:18.71Z}) and an Instant with none or
     * three, so the same moment read as a task's {@code createdAt} and as its event's {@code occurredAt} could differ
     * as text, and such strings do not sort as their instants do. The feed's event {@code data} is written with this
     * mapper too (from the upcast record), so it follows the same rule; the stored events are never rewritten.
     */
    @Bean
    Module millisecondInstants() {
        return new SimpleModule("millisecond-instants")
                .addSerializer(Instant.class, new InstantText<>(Instant.class, instant -> instant))
                .addSerializer(OffsetDateTime.class, new InstantText<>(OffsetDateTime.class, OffsetDateTime::toInstant));
    }

    static final class InstantText<T> extends StdSerializer<T> {

        static final DateTimeFormatter MILLISECONDS = new DateTimeFormatterBuilder().appendInstant(3).toFormatter();

        private final Function<T, Instant> instant;

        InstantText(Class<T> type, Function<T, Instant> instant) {
            super(type);
            this.instant = instant;
        }

        @Override
        public void serialize(T value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(MILLISECONDS.format(instant.apply(value)));
        }
    }

    /**
     * PostgreSQL's text cannot hold the NUL character, nor its json half a surrogate pair: a string with either
     * would be stored in an event (JSON keeps it as an escape) and then break every table and feed that reads it.
     * Both are refused at the door.
     */
    static final class StringWithoutNul extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = super.deserialize(parser, context);
            if (value == null) {
                return null;
            }
            if (value.indexOf('\u0000') >= 0) {
                throw new RefusedText(parser, "must not contain the NUL character", value);
            }
            for (int i = 0; i < value.length(); i++) {
                boolean pair = Character.isHighSurrogate(value.charAt(i)) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1));
                if (pair) {
                    i++;
                } else if (Character.isSurrogate(value.charAt(i))) {
                    // Half of a UTF-16 pair ("\\ud800" alone) is no character, and PostgreSQL's json refuses it.
                    throw new RefusedText(parser, "must not contain half of a UTF-16 surrogate pair", value);
                }
            }
            return value;
        }
    }

    /** A string refused for what it holds; its message is the field's problem, in the API's words. */
    static final class RefusedText extends InvalidFormatException {

        RefusedText(JsonParser parser, String message, String value) {
            super(parser, message, value, String.class);
        }
    }

    @Bean
    FilterRegistrationBean<RequestSizeFilter> requestSizeFilter(EdgeSettings settings, ObjectMapper json) {
        FilterRegistrationBean<RequestSizeFilter> registration =
                new FilterRegistrationBean<>(new RequestSizeFilter(settings.maxRequestBytes(), json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerResolver());
    }

    static final class CallerResolver implements HandlerMethodArgumentResolver {

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return parameter.getParameterType() == Caller.class;
        }

        @Override
        public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
                                      NativeWebRequest request, WebDataBinderFactory binders) {
            if (!(SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token)) {
                // Only reachable if a controller asks for a caller on a path that security leaves open.
                throw new IllegalStateException("no authenticated caller on " + parameter.getExecutable());
            }
            return new Caller(new UserId(token.getToken().getSubject()),
                    new OrganizationId(token.getToken().getClaimAsString(TokenRules.ORG_CLAIM)));
        }
    }

    /** Request bodies over the limit (1 MiB) answer 413 before anything reads them. */
    static final class RequestSizeFilter extends OncePerRequestFilter {

        private final long maxBytes;
        private final ObjectMapper json;

        RequestSizeFilter(long maxBytes, ObjectMapper json) {
            this.maxBytes = maxBytes;
            this.json = json;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (request.getContentLengthLong() > maxBytes) {
                Problems.write(response, json, Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large",
                        "request bodies are limited to " + maxBytes + " bytes"));
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
