package io.accounttasks.bench;

import java.time.Duration;
import java.util.Locale;

/**
 * How big a run is. The list-scale figure compares the same list (the first page of an account with
 * {@code tasksPerAccount} tasks) in a table of {@code smallAccounts × tasksPerAccount} tasks and in one of
 * {@code bigAccounts × tasksPerAccount}: only the table's size changes, never the shape of the answer.
 *
 * The account-size figure compares the first page of one account of {@code bigAccountTasks} tasks with one of
 * {@code tasksPerAccount}, in the same table at the same time: only the account's size changes.
 *
 * @param phase  how long each measured phase runs, unless --duration says otherwise
 * @param warmUp a round of load before the first create and the first list phase, not measured, repeated until
 *               the rate settles: the JIT of three JVMs
 */
public enum Size {

    /** CI's check that everything runs: seconds, and the figures mean nothing. */
    TINY(4, 40, 25, 200, Duration.ofSeconds(1), Duration.ZERO),
    /** A developer's look at the shape: a few minutes. */
    SMALL(20, 1_000, 100, 10_000, Duration.ofSeconds(10), Duration.ofSeconds(10)),
    /**
     * The figures: 10,000 tasks against 1,000,000 over 10,000 accounts, one account of 100,000; warm-up rounds
     * of a minute before the lists and before the creates, until the rate settles, so C2 has compiled the hot path
     * before it is measured.
     */
    FULL(100, 10_000, 100, 100_000, Duration.ofSeconds(30), Duration.ofSeconds(60));

    final int smallAccounts;
    final int bigAccounts;
    final int tasksPerAccount;
    final int bigAccountTasks;
    final Duration phase;
    final Duration warmUp;

    Size(int smallAccounts, int bigAccounts, int tasksPerAccount, int bigAccountTasks, Duration phase,
         Duration warmUp) {
        this.smallAccounts = smallAccounts;
        this.bigAccounts = bigAccounts;
        this.tasksPerAccount = tasksPerAccount;
        this.bigAccountTasks = bigAccountTasks;
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
