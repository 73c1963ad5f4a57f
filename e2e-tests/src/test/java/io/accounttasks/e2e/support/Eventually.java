package io.accounttasks.e2e.support;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Asks again until the answer is the expected one: for what the system does on its own time (a deadline). */
public final class Eventually {

    private Eventually() {
    }

    /** The first answer that satisfies the condition; fails with the last answer after {@code within}. */
    public static <T> T until(String what, Duration within, Supplier<T> ask, Predicate<T> condition) {
        long deadline = System.nanoTime() + within.toNanos();
        T answer = ask.get();
        while (!condition.test(answer)) {
            assertThat(System.nanoTime()).as("%s within %s; last answer: %s", what, within, answer)
                    .isLessThan(deadline);
            // A short park between questions, not a sleep standing in for a condition.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            answer = ask.get();
        }
        return answer;
    }
}
