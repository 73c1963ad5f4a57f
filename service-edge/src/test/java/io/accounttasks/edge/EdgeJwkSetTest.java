package io.accounttasks.edge;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.accounttasks.coreapi.Ids;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;

/** In production tokens are RS256, checked against the identity provider's JWK set instead of a shared secret. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EdgeJwkSetTest {

    static final String USER = "USR_" + Ids.newUlid();
    static final String ORG = "ORG_" + Ids.newUlid();
    static final RSAKey PROVIDER_KEY = rsaKey("provider");
    static final RSAKey OTHER_KEY = rsaKey("provider");
    static final HttpServer JWKS = serveJwkSet(PROVIDER_KEY);

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void trustTheProvider(DynamicPropertyRegistry properties) {
        properties.add("tasks.jwt.jwk-set-uri",
                () -> "http://localhost:" + JWKS.getAddress().getPort() + "/.well-known/jwks.json");
        // The secret is set too, so the refusal of an HS256 token below proves the JWK set takes its place.
        properties.add("tasks.jwt.secret", () -> EdgeSecurityTest.SECRET);
    }

    @AfterAll
    static void stopProvider() {
        JWKS.stop(0);
    }

    @Test
    void aTokenSignedByTheProvidersKeyIsAccepted() throws Exception {
        HttpResponse<String> answer = whoami(rs256(PROVIDER_KEY));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains(USER, ORG);
    }

    @Test
    void aTokenSignedByAnotherKeyOrWithTheLocalSecretIsRefused() throws Exception {
        assertThat(whoami(rs256(OTHER_KEY)).statusCode()).isEqualTo(401);
        // With a JWK set configured, the local HS256 secret must not be a way in.
        assertThat(whoami(EdgeSecurityTest.token(USER, ORG, 300)).statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> whoami(String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/whoami"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String rs256(RSAKey key) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().subject(USER).claim("org", ORG)
                        .expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static RSAKey rsaKey(String keyId) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            var pair = generator.generateKeyPair();
            return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID(keyId).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer serveJwkSet(RSAKey key) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/.well-known/jwks.json", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
