package io.accounttasks.coreapi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"TSK_01HFGZ6B7V4M2N8P5X3J9K1L7H", "TSK_7ZZZZZZZZZZZZZZZZZZZZZZZZZ",
            "TSK_00000000000000000000000000", "TSK_OILOILOILOILOILOILOILOILOI"})
    void aPrefixAndACrockfordUlidAreWellFormed(String id) {
        assertThat(Ids.isWellFormed("TSK_", id)).isTrue();
    }

    @Test
    void aNewUlidIsWellFormed() {
        assertThat(Ids.isWellFormed("", Ids.newUlid())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "TSK_",
            "TSK_01HFGZ6B7V4M2N8P5X3J9K1L7",      // one character short
            "TSK_01HFGZ6B7V4M2N8P5X3J9K1L7HH",    // one too many
            "ACC_01HFGZ6B7V4M2N8P5X3J9K1L7H",     // another kind's prefix
            "tsk_01HFGZ6B7V4M2N8P5X3J9K1L7H",
            "TSK_01HFGZ6B7V4M2N8P5X3J9K1L7U",     // U is outside the alphabet
            "TSK_U1HFGZ6B7V4M2N8P5X3J9K1L7H",
            "TSK_81HFGZ6B7V4M2N8P5X3J9K1L7H",     // more than 128 bits
            "TSK_Z1HFGZ6B7V4M2N8P5X3J9K1L7H",
            "TSK_01hfgz6b7v4m2n8p5x3j9k1l7h",     // lower case
            "TSK_01HFGZ6B7V4M2N8P5X3J9K1L7-",
            "TSK_01HFGZ6B7V4M2N8P5X3J9K1L7É",
            "TSK_01HFGZ6B7V4M2N8P5X3J9K1L7 ",
            "XXXX01HFGZ6B7V4M2N8P5X3J9K1L7H"})
    void anythingElseIsNot(String id) {
        assertThat(Ids.isWellFormed("TSK_", id)).isFalse();
        assertThatThrownBy(() -> Ids.require("TSK_", id, "taskId")).isInstanceOf(MalformedIdException.class);
    }

    @Test
    void nullIsNotWellFormed() {
        assertThat(Ids.isWellFormed("TSK_", null)).isFalse();
    }
}
