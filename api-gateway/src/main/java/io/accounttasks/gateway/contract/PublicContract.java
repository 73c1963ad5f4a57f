package io.accounttasks.gateway.contract;

import io.swagger.v3.core.util.Yaml;
import io.swagger.v3.oas.models.OpenAPI;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.InputStream;

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
}
