package io.accounttasks.gateway.identity;

import io.accounttasks.edge.TokenRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/** The same token rules every service applies (service-edge's {@link TokenRules}), with the gateway's settings. */
@Configuration(proxyBeanMethods = false)
class JwtDecoding {

    @Bean
    JwtDecoder jwtDecoder(IdentityProperties properties) {
        return TokenRules.decoder(properties.jwt().secret(), properties.jwt().jwkSetUri());
    }
}
