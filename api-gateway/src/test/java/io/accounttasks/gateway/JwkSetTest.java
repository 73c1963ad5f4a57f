package io.accounttasks.gateway;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.accounttasks.coreapi.Ids;
import io.accounttasks.gateway.support.GatewayClient;
import io.accounttasks.gateway.support.Problem;
import io.accounttasks.gateway.support.StubService;
import io.accounttasks.gateway.support.StubService.Answer;
import io.accounttasks.gateway.support.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import static io.accounttasks.gateway.support.GatewayClient.headers;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RS256 against a JWK set (TASKS_JWT_JWK_SET_URI): a stub identity provider publishes one public key; tokens it
 * signs get through identity to the query side, tokens signed by anything else are 401, the HS256 secret included.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JwkSetTest {

    static final String KEY_ID = "test-key";
    static final String USER = "USR_" + Ids.newUlid();
    static final String ORG = "ORG_" + Ids.newUlid();

    static final KeyPair PROVIDER_KEY = rsaKeyPair();
    static final StubService PROVIDER = new StubService();
    static final StubService COMMAND = new StubService();
    static final StubService QUERY = new StubService();

    static {
        String jwks = new JWKSet(new RSAKey.Builder((RSAPublicKey) PROVIDER_KEY.getPublic()).keyID(KEY_ID).build())
                .toString();
        PROVIDER.answer(request -> Answer.json(200, jwks));
        // Any API key belongs to the token's user: keys are GatewayTest's concern, the token is this test's.
        QUERY.answer(request -> request.pathAndQuery().startsWith("/internal/api-keys/")
                ? Answer.json(200, "{\"userId\":\"" + USER + "\",\"organizationId\":\"" + ORG + "\"}")
                : Answer.json(200, "{\"data\":[]}"));
    }

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        registry.add("tasks.backends.command-urls", COMMAND::url);
        registry.add("tasks.backends.query-urls", QUERY::url);
        registry.add("tasks.jwt.jwk-set-uri", () -> PROVIDER.url() + "/.well-known/jwks.json");
        // Also set, to show that the shared secret no longer opens the door once a JWK set is configured.
        registry.add("tasks.jwt.secret", () -> Tokens.SECRET);
    }

    @LocalServerPort
    int port;

    @AfterAll
    static void stopStubs() {
        PROVIDER.close();
        COMMAND.close();
        QUERY.close();
    }

    @Test
    void onlyTokensSignedByTheJwkSetsKeyGetThrough() throws Exception {
        GatewayClient gateway = new GatewayClient(port);

        HttpResponse<String> valid = gateway.send("GET", "/v1/accounts", caller(rs256(PROVIDER_KEY)), null);
        assertThat(valid.statusCode()).as(valid.body()).isEqualTo(200);
        assertThat(QUERY.received()).anySatisfy(request -> assertThat(request.pathAndQuery()).isEqualTo("/v1/accounts"));

        int reachedQuerySide = QUERY.received().size();
        // Same kid, different key: only the signature can tell them apart.
        Problem.expect(gateway.send("GET", "/v1/accounts", caller(rs256(rsaKeyPair())), null), 401);
        // A token the HS256 setup would accept: the decoder must not fall back to the secret.
        Problem.expect(gateway.send("GET", "/v1/accounts",
                caller(Tokens.sign(USER, ORG, Instant.now().plusSeconds(600), Tokens.SECRET)), null), 401);
        // Refused at the token, before the API key lookup or any forwarding.
        assertThat(QUERY.received()).hasSize(reachedQuerySide);
    }

    private static Map<String, String> caller(String token) {
        return headers("Authorization", "Bearer " + token, "x-api-key", "any-key-0123456789", "x-org-id", ORG);
    }

    private static String rs256(KeyPair key) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(USER).claim("org", ORG)
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY_ID).build(), claims);
        jwt.sign(new RSASSASigner(key.getPrivate()));
        return jwt.serialize();
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
