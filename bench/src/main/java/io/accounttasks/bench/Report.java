package io.accounttasks.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The run judged against the goals: a table for people, JSON for machines. */
final class Report {

    // Issue 15's "must reach" figures.
    static final double CREATE_RATIO_GOAL = 0.15;
    static final double LIST_RATIO_GOAL = 0.12;
    static final double CREATE_P99_GOAL_MS = 25;
    static final double LAG_P99_GOAL_MS = 20;
    static final double REPLAY_GOAL = 25_000;
    static final double SCALE_GOAL = 2.0;
    static final double RSS_GOAL_MB = 350;

    /** One line of the table; {@code met} is yes, NO, or n/a when there is nothing to judge. */
    record Figure(String figure, String measured, String baseline, String ratio, String goal, String met) {
    }

    private Report() {
    }

    static List<Figure> figures(Results r) {
        List<Figure> figures = new ArrayList<>();
        figures.add(throughput("creates/s through the gateway, " + r.settings().clients() + " clients",
                r.creates(), "pgbench, the 2 inserts", CREATE_RATIO_GOAL));
        figures.add(throughput("list reads/s (20 tasks of an account), " + r.settings().clients() + " clients",
                r.lists(), "pgbench, the page query", LIST_RATIO_GOAL));
        double createP99 = r.createAtHalfPeak().percentileMs(99);
        figures.add(new Figure("create p99 at half the peak (" + number(r.createHalfRate()) + "/s, open loop)",
                ms(createP99), "", "", "<= " + number(CREATE_P99_GOAL_MS) + " ms", met(createP99 <= CREATE_P99_GOAL_MS, createP99)));
        // The worse of the feed's and the account summaries' p99: each is in the text and the JSON.
        double lag = p99Ms(r.projectionLag().lagMicros());
        figures.add(new Figure("projection lag p99, commit to feed and summaries, at peak", ms(lag),
                "+-" + ms(r.projectionLag().resolutionMs()), "", "<= " + number(LAG_P99_GOAL_MS) + " ms",
                met(lag <= LAG_P99_GOAL_MS, lag)));
        double replay = r.replay().perSecond();
        figures.add(new Figure("replay of " + number(r.replay().events()) + " events into tasks",
                number(replay) + " ev/s", "", "", ">= " + number(REPLAY_GOAL) + " ev/s", met(replay >= REPLAY_GOAL, replay)));
        Results.Scale scale = r.listScale();
        figures.add(new Figure("list p99 with " + number(scale.bigTasks()) + " tasks / " + number(scale.bigAccounts())
                + " accounts", ms(scale.big().percentileMs(99)),
                ms(scale.small().percentileMs(99)) + " @ " + number(scale.smallTasks()),
                String.format(Locale.ROOT, "%.2fx", scale.p99Ratio()), "<= " + SCALE_GOAL + "x",
                met(scale.p99Ratio() <= SCALE_GOAL, scale.p99Ratio())));
        Results.AccountScale accounts = r.accountScale();
        figures.add(new Figure("list p99, an account of " + number(accounts.bigTasks()) + " tasks",
                ms(accounts.big().percentileMs(99)),
                ms(accounts.small().percentileMs(99)) + " @ " + number(accounts.smallTasks()) + " tasks",
                String.format(Locale.ROOT, "%.2fx", accounts.p99Ratio()), "<= " + SCALE_GOAL + "x",
                met(accounts.p99Ratio() <= SCALE_GOAL, accounts.p99Ratio())));
        for (Map.Entry<String, Double> rss : r.peakRssMb().entrySet()) {
            figures.add(new Figure("resident memory of " + rss.getKey() + ", highest", number(rss.getValue()) + " MB",
                    "", "", "<= " + number(RSS_GOAL_MB) + " MB", met(rss.getValue() <= RSS_GOAL_MB, rss.getValue())));
        }
        return figures;
    }

    private static Figure throughput(String name, Results.Throughput t, String baselineName, double goal) {
        String measured = number(t.gateway().perSecond()) + "/s";
        if (t.baseline() == null) {
            return new Figure(name, measured, "no pgbench here", "", ">= " + percent(goal), "n/a");
        }
        return new Figure(name, measured, number(t.baseline().tps()) + "/s " + baselineName, percent(t.ratio()),
                ">= " + percent(goal), met(t.ratio() >= goal, t.ratio()));
    }

    private static String met(boolean met, double value) {
        return Double.isNaN(value) ? "n/a" : met ? "yes" : "NO";
    }

    /** The table, then what the figures rest on. */
    static String text(Results r) {
        List<Figure> figures = figures(r);
        String[] header = {"figure", "measured", "baseline", "ratio", "goal", "met?"};
        int[] widths = new int[header.length];
        List<String[]> rows = new ArrayList<>();
        rows.add(header);
        figures.forEach(f -> rows.add(new String[] {f.figure(), f.measured(), f.baseline(), f.ratio(), f.goal(), f.met()}));
        rows.forEach(row -> {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        });
        StringBuilder text = new StringBuilder();
        for (int n = 0; n < rows.size(); n++) {
            String[] row = rows.get(n);
            text.append('|');
            for (int i = 0; i < row.length; i++) {
                text.append(' ').append(String.format("%-" + widths[i] + "s", row[i])).append(" |");
            }
            text.append('\n');
            if (n == 0) {
                text.append('|');
                for (int width : widths) {
                    text.append("-".repeat(width + 2)).append('|');
                }
                text.append('\n');
            }
        }
        text.append('\n');
        for (Load.Outcome phase : phases(r)) {
            text.append(String.format(Locale.ROOT, "%-26s %7s/s  p50 %9s  p90 %9s  p99 %9s  max %9s  ok %d, 202 %d, failed %d; %s; %s%s%n",
                    phase.name(), number(phase.perSecond()), ms(phase.percentileMs(50)), ms(phase.percentileMs(90)),
                    ms(phase.percentileMs(99)), ms(phase.percentileMs(100)), phase.ok(), phase.pending(),
                    phase.failed(), phase.cpu(), phase.cpu().perRequest(phase.ok() + phase.pending() + phase.failed()),
                    phase.firstFailure() == null ? "" : " (first failure: " + phase.firstFailure() + ")"));
        }
        for (Results.Throughput t : List.of(r.creates(), r.lists())) {
            if (t.baseline() != null) {
                text.append(String.format(Locale.ROOT, "pgbench beside %-9s %7s/s  latency average %s, %d transactions, %d failed; %s%n",
                        t.gateway().name(), number(t.baseline().tps()), ms(t.baseline().latencyMs()),
                        t.baseline().transactions(), t.baseline().failed(),
                        String.format(Locale.ROOT, "machine %.0f%% busy", t.baseline().cpu().machineBusy() * 100)));
            }
        }
        LagProbe.Result lag = r.projectionLag();
        text.append(String.format(Locale.ROOT, "projection lag at peak, each +-%s:%n", ms(lag.resolutionMs())));
        text.append(lagLine("event_feed", lag.feedLagMicros()));
        text.append(lagLine("tasks and summaries", lag.summaryLagMicros()));
        text.append(String.format(Locale.ROOT, "catch-up of the seeded events by the asynchronous projections: %s events in %.1f s, %s ev/s%n",
                number(r.catchUp().events()), r.catchUp().elapsed().toMillis() / 1000.0, number(r.catchUp().perSecond())));
        text.append(String.format(Locale.ROOT, "replay of tasks: %s events in %.1f s%n", number(r.replay().events()),
                r.replay().elapsed().toMillis() / 1000.0));
        Results.Machine m = r.machine();
        text.append(String.format(Locale.ROOT, "machine: %d cores (%s), %s MB, %s; %s; PostgreSQL %s; %s%n", m.cores(),
                m.cpu(), number(m.memoryMb()), m.os(), m.java(), m.postgres(), m.pgbench()));
        text.append("load average before: " + m.loadBefore() + ", after: " + m.loadAfter() + "\n");
        r.notes().forEach(note -> text.append("note: ").append(note).append('\n'));
        return text.toString();
    }

    static void writeJson(Results r, Path file) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        ObjectNode settings = root.putObject("settings");
        settings.put("size", r.settings().size());
        settings.put("phaseSeconds", r.settings().phase().toSeconds());
        settings.put("clients", r.settings().clients());
        settings.put("tenants", r.settings().tenants());
        settings.put("tasksPerAccount", r.settings().tasksPerAccount());
        settings.put("started", r.settings().started().toString());
        root.set("machine", json.valueToTree(r.machine()));
        root.set("figures", json.valueToTree(figures(r)));
        ObjectNode phases = root.putObject("phases");
        for (Load.Outcome phase : phases(r)) {
            ObjectNode node = phases.putObject(phase.name());
            node.put("perSecond", phase.perSecond());
            node.put("ok", phase.ok());
            node.put("pending", phase.pending());
            node.put("failed", phase.failed());
            node.put("seconds", phase.elapsed().toMillis() / 1000.0);
            node.putPOJO("cpu", phase.cpu());
            long requests = phase.ok() + phase.pending() + phase.failed();
            ObjectNode perRequest = node.putObject("cpuMsPerRequest");
            phase.cpu().processMs().forEach((process, ms) -> perRequest.put(process, requests == 0 ? Double.NaN : ms / requests));
            percentiles(node.putObject("latencyMs"), phase.latency());
        }
        root.set("pgbench", json.createObjectNode()
                .putPOJO("creates", r.creates().baseline())
                .putPOJO("lists", r.lists().baseline()));
        ObjectNode lag = root.putObject("projectionLagMs");
        lag.put("resolution", r.projectionLag().resolutionMs());
        ObjectNode feedLag = lag.putObject("eventFeed");
        feedLag.put("tasks", r.projectionLag().feedLagMicros().getTotalCount());
        percentiles(feedLag, r.projectionLag().feedLagMicros());
        ObjectNode summaryLag = lag.putObject("accountSummaries");
        summaryLag.put("tasks", r.projectionLag().summaryLagMicros().getTotalCount());
        percentiles(summaryLag, r.projectionLag().summaryLagMicros());
        root.putObject("catchUp").put("events", r.catchUp().events()).put("perSecond", r.catchUp().perSecond());
        root.putObject("replay").put("events", r.replay().events()).put("perSecond", r.replay().perSecond());
        root.putObject("listScale").put("smallTasks", r.listScale().smallTasks()).put("bigTasks", r.listScale().bigTasks())
                .put("rate", r.listScale().rate()).put("p99Ratio", r.listScale().p99Ratio());
        root.putObject("accountScale").put("smallTasks", r.accountScale().smallTasks())
                .put("bigTasks", r.accountScale().bigTasks()).put("p99Ratio", r.accountScale().p99Ratio());
        root.set("peakRssMb", json.valueToTree(r.peakRssMb()));
        root.set("notes", json.valueToTree(r.notes()));
        Files.writeString(file, json.writeValueAsString(root));
    }

    private static List<Load.Outcome> phases(Results r) {
        return List.of(r.creates().gateway(), r.createAtHalfPeak(), r.lists().gateway(), r.listScale().small(),
                r.listScale().big(), r.accountScale().small(), r.accountScale().big());
    }

    /** p50, p90, p99, p99.9 and the maximum of a histogram of microseconds, in milliseconds; null when empty. */
    private static void percentiles(ObjectNode node, Histogram micros) {
        for (double p : new double[] {50, 90, 99, 99.9, 100}) {
            String key = p == 100 ? "max" : "p" + number(p).replace('.', '_');
            if (micros.getTotalCount() == 0) {
                node.putNull(key);
            } else {
                node.put(key, micros.getValueAtPercentile(p) / 1000.0);
            }
        }
    }

    private static double p99Ms(Histogram micros) {
        return micros.getTotalCount() == 0 ? Double.NaN : micros.getValueAtPercentile(99) / 1000.0;
    }

    private static String lagLine(String table, Histogram micros) {
        return String.format(Locale.ROOT, "  to %-22s %d tasks seen, p50 %s, p99 %s, max %s%n", table,
                micros.getTotalCount(), lagMs(micros, 50), lagMs(micros, 99), lagMs(micros, 100));
    }

    private static String lagMs(Histogram micros, double percentile) {
        return micros.getTotalCount() == 0 ? "n/a" : ms(micros.getValueAtPercentile(percentile) / 1000.0);
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return value >= 100 || value == Math.rint(value)
                ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%,.1f", value);
    }

    static String ms(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, value < 10 ? "%.2f ms" : "%.1f ms", value);
    }

    private static String percent(double ratio) {
        return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }
}
