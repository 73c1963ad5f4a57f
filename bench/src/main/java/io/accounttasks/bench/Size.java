package io.accounttasks.bench;

import java.time.Duration;
import java.util.Locale;

/**
 * How big a run is. The list-scale figure compares the same list (the first page of an account with
 * {@code tasksPerAccount} tasks) in a table of {@code smallAccounts × tasksPerAccount} tasks and in one of
 * {@code bigAccounts × tasksPerAccount}: only the table's size changes, never the shape of the answer.
 *
 * @param phase  how long each measured phase runs, unless --duration says otherwise
 * @param warmUp load before the first create and the first list phase, not measured: the JIT of three JVMs
 */
public enum Size {

    /** CI's check that everything runs: seconds, and the figures mean nothing. */
    TINY(4, 40, 25, Duration.ofSeconds(1), Duration.ZERO),
    /** A developer's look at the shape: a few minutes. */
    SMALL(20, 1_000, 100, Duration.ofSeconds(10), Duration.ofSeconds(3)),
    /** The figures: 10,000 tasks against 1,000,000 over 10,000 accounts. */
    FULL(100, 10_000, 100, Duration.ofSeconds(30), Duration.ofSeconds(10));

    final int smallAccounts;
    final int bigAccounts;
    final int tasksPerAccount;
    final Duration phase;
    final Duration warmUp;

    Size(int smallAccounts, int bigAccounts, int tasksPerAccount, Duration phase, Duration warmUp) {
        this.smallAccounts = smallAccounts;
        this.bigAccounts = bigAccounts;
        this.tasksPerAccount = tasksPerAccount;
        this.phase = phase;
        this.warmUp = warmUp;
    }

    static Size of(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--size must be tiny, small or full: " + name, e);
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
