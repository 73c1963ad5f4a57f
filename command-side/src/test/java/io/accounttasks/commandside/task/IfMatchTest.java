package io.accounttasks.commandside.task;

import io.accounttasks.commandside.InvalidHeaderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How If-Match is read: our ETags are versions, quoted or not, one or a list, or {@code *}; weak ones never match. */
class IfMatchTest {

    @Test
    void theFormsOfAVersion() {
        assertThat(IfMatch.parse("\"3\"").versions()).containsExactly(3L);
        assertThat(IfMatch.parse("3").versions()).containsExactly(3L);
        assertThat(IfMatch.parse(" \"3\", \"4\" ,W/\"5\",, 6").versions()).isEqualTo(Set.of(3L, 4L, 6L));
    }

    @Test
    void aWeakTagNeverMatchesBecauseIfMatchComparesStrongly() {
        IfMatch weak = IfMatch.parse("W/\"3\"");
        assertThat(weak.isNone()).isFalse();
        assertThat(weak.namesVersions()).isTrue();
        assertThat(weak.matches(3)).isFalse();
        assertThat(IfMatch.parse("W/\"3\", \"4\"").matches(3)).isFalse();
        assertThat(IfMatch.parse("W/\"3\", \"4\"").matches(4)).isTrue();
        assertThat(weak.toString()).contains("weak");
    }

    @Test
    void starMatchesAnyVersionAndNoHeaderMatchesEverything() {
        assertThat(IfMatch.parse("*").matches(42)).isTrue();
        assertThat(IfMatch.parse("*").namesVersions()).isFalse();
        assertThat(IfMatch.parse(null).isNone()).isTrue();
        assertThat(IfMatch.parse(null).matches(7)).isTrue();
        assertThat(IfMatch.parse("\"3\", \"4\"").matches(4)).isTrue();
        assertThat(IfMatch.parse("\"3\", \"4\"").matches(5)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\"abc\"", "\"3", "3\"", "'3'", "-1", "W/3x", "\"3\" \"4\"", "*, \"3\"",
            "\"1234567890123456789\"", ","})
    void anythingElseIsMalformed(String header) {
        assertThatThrownBy(() -> IfMatch.parse(header)).isInstanceOf(InvalidHeaderException.class);
    }
}
