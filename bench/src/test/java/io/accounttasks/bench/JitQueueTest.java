package io.accounttasks.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class JitQueueTest {

    @Test
    void countsTheMethodsWaitingForC2NotThoseForC1NorThoseBeingCompiled() {
        String queues = """
                28855:
                Current compiles:\s
                C2 CompilerThread0  30541   !   4       org.example.Busy::method (1047 bytes)

                C1 compile queue:
                16930       3       org.example.Warm::up (12 bytes)

                C2 compile queue:
                16936       4       java.lang.invoke.MethodHandle::<init> (37 bytes)
                16937       4       jdk.internal.org.objectweb.asm.MethodWriter::visitLabel (328 bytes)
                16939 %     4       java.lang.Class::forName @ 12 (47 bytes)
                """;

        assertThat(JitQueue.c2Pending(queues)).hasValue(3);
    }

    @Test
    void anEmptyQueueIsNone() {
        assertThat(JitQueue.c2Pending("1:\nC1 compile queue:\nEmpty\n\nC2 compile queue:\nEmpty\n")).hasValue(0);
    }

    @Test
    void somethingElseIsNotKnown() {
        assertThat(JitQueue.c2Pending("1:\nCommand not found\n")).isEqualTo(OptionalInt.empty());
    }

    @Test
    void aProcessThatIsNoJvmIsNotKnownAndNotWaitedForPastTheBound() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            long start = System.nanoTime();
            assertThat(JitQueue.c2Pending(sleeper.pid())).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        } finally {
            sleeper.destroyForcibly();
        }
    }
}
