package io.accounttasks.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one run measured, before it is judged against the goals ({@link Report}).
 *
 * @param creates          creates through the gateway at the peak (closed loop), and pgbench's two inserts
 * @param lists            list reads through the gateway at the peak (closed loop), and pgbench's page query
 * @param createAtHalfPeak creates at a fixed rate of half the peak (open loop), read-your-writes included
 * @param projectionLag    a task's first event committed to visible in the feed and in the account summaries,
 *                         during the create peak
 * @param catchUp          the asynchronous projections (account summaries, the feed) taking in the big seed
 * @param replay           the task projection rebuilt from the whole event store
 * @param accountScale     the first page of a 100-task account and of a big account, in the same table
 * @param peakRssMb        each service's highest resident memory during the run; NaN: not measured
 * @param notes            what a reader must know to trust the figures (or not)
 */
record Results(Settings settings, Machine machine, Throughput creates, Throughput lists,
               Load.Outcome createAtHalfPeak, double createHalfRate, LagProbe.Result projectionLag,
               Rate catchUp, Rate replay, Scale listScale, AccountScale accountScale, Map<String, Double> peakRssMb,
               List<String> notes) {

    record Settings(String size, Duration phase, int clients, int tenants, int tasksPerAccount, Instant started) {
    }

    /** @param loadBefore the machine's load average as the run began: a shared machine is a noisy one */
    record Machine(int cores, String cpu, long memoryMb, String os, String java, String postgres, String pgbench,
                   String loadBefore, String loadAfter) {
    }

    /** @param baseline null when there is no pgbench here */
    record Throughput(Load.Outcome gateway, Pgbench.Result baseline) {

        double ratio() {
            return baseline == null ? Double.NaN : gateway.perSecond() / baseline.tps();
        }
    }

    record Rate(long events, Duration elapsed) {

        double perSecond() {
            return events / (elapsed.toNanos() / 1e9);
        }
    }

    /** The same list at the same fixed rate (open loop) over a small and a big task table. */
    record Scale(double rate, long smallTasks, int smallAccounts, Load.Outcome small, long bigTasks, int bigAccounts,
                 Load.Outcome big) {

        double p99Ratio() {
            return big.percentileMs(99) / small.percentileMs(99);
        }
    }

    /** The same list at the same fixed rate (open loop) of an account of 100 tasks and of a big one. */
    record AccountScale(int smallTasks, Load.Outcome small, int bigTasks, Load.Outcome big) {

        double p99Ratio() {
            return big.percentileMs(99) / small.percentileMs(99);
        }
    }
}
