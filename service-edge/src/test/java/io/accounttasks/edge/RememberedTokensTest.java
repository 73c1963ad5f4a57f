package io.accounttasks.edge;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A token is checked by the rules once, then only against its expiry; once that passes, by the rules again. */
class RememberedTokensTest {

    private final JwtDecoder rules = TokenRules.decoder(EdgeSecurityTest.SECRET, null);
    private final AtomicInteger checks = new AtomicInteger();
    private final JwtDecoder counted = token -> {
        checks.incrementAndGet();
        return rules.decode(token);
    };

    @Test
    void aTokenSeenBeforeIsNotCheckedAgainUntilItExpires() {
        String token = EdgeSecurityTest.token(EdgeSecurityTest.USER, EdgeSecurityTest.ORG, 300);
        Instant now = Instant.now();
        TokenRules.RememberedTokens remembered = new TokenRules.RememberedTokens(counted,
                Clock.fixed(now, ZoneOffset.UTC));

        assertThat(remembered.decode(token).getSubject()).isEqualTo(EdgeSecurityTest.USER);
        assertThat(remembered.decode(token).getClaimAsString(TokenRules.ORG_CLAIM)).isEqualTo(EdgeSecurityTest.ORG);
        assertThat(checks).hasValue(1);

        TokenRules.RememberedTokens later = new TokenRules.RememberedTokens(counted,
                Clock.fixed(now.plusSeconds(400), ZoneOffset.UTC));
        later.decode(token);
        later.decode(token);
        assertThat(checks).as("past its exp, the rules are asked each time").hasValue(3);
    }

    @Test
    void aRefusedTokenIsRefusedEveryTime() {
        String expired = EdgeSecurityTest.token(EdgeSecurityTest.USER, EdgeSecurityTest.ORG, -120);
        TokenRules.RememberedTokens remembered = new TokenRules.RememberedTokens(counted, Clock.systemUTC());

        assertThatThrownBy(() -> remembered.decode(expired)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> remembered.decode(expired)).isInstanceOf(JwtException.class);
        assertThat(checks).hasValue(2);
    }
}
