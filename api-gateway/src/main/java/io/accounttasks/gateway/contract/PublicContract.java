package io.accounttasks.gateway.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import io.swagger.v3.core.util.Yaml;
import io.swagger.v3.oas.models.OpenAPI;
import org.springdoc.core.properties.SpringDocConfigProperties;
import org.springdoc.core.providers.ObjectMapperProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;

/**
 * The public contract as OpenAPI 3, which springdoc serves at {@code /v3/api-docs} (and {@code .yaml}) and Swagger
 * UI shows at {@code /swagger-ui/index.html}. The document is written by hand ({@value #DOCUMENT}, docs/adr/0013):
 * the gateway has no controllers of its own to generate it from, and the services' controllers are not the public
 * shape (the gateway answers writes with the read model's body, adds the rate limit, makes its own errors).
 * application.yml keeps springdoc from adding anything it would scan here.
 */
@Configuration(proxyBeanMethods = false)
class PublicContract {

    static final String DOCUMENT = "contract/openapi.yaml";

    @Bean
    OpenAPI openApiDocument() throws IOException {
        // Read at startup: a document that does not parse stops the gateway instead of serving half a contract.
        try (InputStream document = new ClassPathResource(DOCUMENT).getInputStream()) {
            return Yaml.mapper().readValue(document, OpenAPI.class);
        }
    }

    /** Replaces springdoc's own (it backs off when one exists), only to quote timestamps in the served YAML. */
    @Bean
    ObjectMapperProvider springdocObjectMapperProvider(SpringDocConfigProperties properties) {
        return new TimestampsQuoted(properties);
    }

    /**
     * springdoc writes {@code /v3/api-docs.yaml} with minimal quotes, and Jackson does not quote a string that a
     * YAML 1.1 reader (SnakeYAML, PyYAML, most YAML libraries) takes for a date: every example instant came out a
     * date. The same YAML writer, with such strings quoted.
     */
    static final class TimestampsQuoted extends ObjectMapperProvider {

        private final ObjectMapper yaml;

        TimestampsQuoted(SpringDocConfigProperties properties) {
            super(properties);
            ObjectMapper original = super.yamlMapper();
            YAMLFactory originalFactory = (YAMLFactory) original.getFactory();
            YAMLFactory factory = YAMLFactory.builder().stringQuotingChecker(new QuoteTimestamps()).build();
            for (YAMLGenerator.Feature feature : YAMLGenerator.Feature.values()) {
                factory.configure(feature, originalFactory.isEnabled(feature));
            }
            this.yaml = original.copyWith(factory);
        }

        @Override
        public ObjectMapper yamlMapper() {
            return yaml;
        }
    }

    static final class QuoteTimestamps extends StringQuotingChecker.Default {

        // YAML 1.1's timestamp type starts so (yaml.org/type/timestamp); quoting a little more is harmless.
        private static final Pattern TIMESTAMP = Pattern.compile("^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt \\t].*)?$");

        @Override
        public boolean needToQuoteValue(String value) {
            return super.needToQuoteValue(value) || TIMESTAMP.matcher(value).matches();
        }
    }
}
