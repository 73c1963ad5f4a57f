package io.accounttasks.bench;

import org.HdrHistogram.Histogram;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The run as one PNG, drawn with plain Java2D: throughput beside pgbench's on the left, latency by percentile on
 * the right (both axes logarithmic, so the median and the tail of the same run fit one picture), with the goals
 * of the issue as dashed lines.
 */
final class Chart {

    private static final int WIDTH = 1600;
    private static final int HEIGHT = 900;
    private static final Color GATEWAY = new Color(0x1f77b4);
    private static final Color PGBENCH = new Color(0x7f7f7f);
    private static final Color[] SERIES = {new Color(0x1f77b4), new Color(0x17becf), new Color(0xff7f0e),
            new Color(0x2ca02c), new Color(0x9467bd), new Color(0xd62728)};
    private static final double MAX_NINES = 4; // up to the 99.99th percentile

    private record Series(String name, Histogram micros) {
    }

    private Chart() {
    }

    static void write(Results r, Path file) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
        g.drawString(String.format(Locale.ROOT, "account-tasks benchmark: size %s, %d clients, %d s phases, %s",
                r.settings().size(), r.settings().clients(), r.settings().phase().toSeconds(),
                r.settings().started().toString().substring(0, 16).replace('T', ' ')), 40, 40);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.drawString(String.format(Locale.ROOT, "%d cores, %s; PostgreSQL %s; load average before %s", r.machine().cores(),
                r.machine().cpu(), r.machine().postgres(), r.machine().loadBefore()), 40, 64);
        throughput(g, r, 40, 110, 520, 720);
        latency(g, r, 680, 110, 880, 720);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static void throughput(Graphics2D g, Results r, int x, int y, int w, int h) {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(Color.BLACK);
        g.drawString("Throughput per second: gateway and pgbench", x, y - 16);
        List<Results.Throughput> groups = List.of(r.creates(), r.lists());
        double max = 1;
        for (Results.Throughput t : groups) {
            max = Math.max(max, t.gateway().perSecond());
            if (t.baseline() != null) {
                max = Math.max(max, t.baseline().tps());
            }
        }
        max = niceCeiling(max * 1.1);
        int left = x + 70;
        int bottom = y + h - 40;
        int plotHeight = h - 60;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i <= 5; i++) {
            double value = max * i / 5;
            int ty = bottom - (int) (plotHeight * value / max);
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(left, ty, x + w, ty);
            g.setColor(Color.DARK_GRAY);
            g.drawString(Report.number(value), x, ty + 4);
        }
        String[] names = {"creates", "lists (20 tasks)"};
        int groupWidth = (x + w - left) / groups.size();
        int bar = groupWidth / 3;
        for (int i = 0; i < groups.size(); i++) {
            Results.Throughput t = groups.get(i);
            int gx = left + i * groupWidth + bar / 2;
            bar(g, gx, bottom, bar, plotHeight, t.gateway().perSecond(), max, GATEWAY, "gateway");
            if (t.baseline() != null) {
                bar(g, gx + bar + 4, bottom, bar, plotHeight, t.baseline().tps(), max, PGBENCH, "pgbench");
            }
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(names[i], gx, bottom + 34);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString(t.baseline() == null ? "no pgbench: no ratio"
                    : String.format(Locale.ROOT, "%.1f%% of pgbench", t.ratio() * 100), gx, y + 14);
        }
    }

    private static void bar(Graphics2D g, int x, int bottom, int width, int plotHeight, double value, double max,
                            Color color, String label) {
        int height = (int) (plotHeight * value / max);
        g.setColor(color);
        g.fillRect(x, bottom - height, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(Report.number(value), x + 2, bottom - height - 4);
        g.drawString(label, x + 2, bottom + 16);
    }

    private static void latency(Graphics2D g, Results r, int x, int y, int w, int h) {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(Color.BLACK);
        g.drawString("Latency by percentile (ms)", x, y - 16);
        List<Series> series = new ArrayList<>(List.of(
                new Series("create, closed loop at the peak", r.creates().gateway().latency()),
                new Series(String.format(Locale.ROOT, "create, %s/s open loop (half the peak)",
                        Report.number(r.createHalfRate())), r.createAtHalfPeak().latency()),
                new Series("list, closed loop at the peak", r.lists().gateway().latency()),
                new Series("list at " + Report.number(r.listScale().smallTasks()) + " tasks, open loop",
                        r.listScale().small().latency()),
                new Series("list at " + Report.number(r.listScale().bigTasks()) + " tasks, open loop",
                        r.listScale().big().latency()),
                new Series("projection lag at the peak", r.projectionLag().lagMicros())));
        series.removeIf(s -> s.micros().getTotalCount() == 0);
        double lowest = 1;
        double highest = Report.LAG_P99_GOAL_MS;
        for (Series s : series) {
            lowest = Math.min(lowest, Math.max(0.01, s.micros().getMinNonZeroValue() / 1000.0));
            highest = Math.max(highest, s.micros().getMaxValue() / 1000.0);
        }
        double low = Math.floor(Math.log10(lowest));
        double high = Math.ceil(Math.log10(highest));
        int left = x + 60;
        int right = x + w;
        int top = y;
        int bottom = y + h - 40;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (double decade = low; decade <= high; decade++) {
            int ty = yOf(decade, low, high, top, bottom);
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(left, ty, right, ty);
            g.setColor(Color.DARK_GRAY);
            double ms = Math.pow(10, decade);
            g.drawString(ms >= 1000 ? Report.number(ms / 1000) + " s" : (ms < 1 ? String.valueOf(ms) : Report.number(ms)) + " ms",
                    x, ty + 4);
        }
        String[] percentiles = {"0%", "90%", "99%", "99.9%", "99.99%"};
        for (int nines = 0; nines <= MAX_NINES; nines++) {
            int tx = left + (int) ((right - left) * nines / MAX_NINES);
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(tx, top, tx, bottom);
            g.setColor(Color.DARK_GRAY);
            g.drawString(percentiles[nines], tx - 14, bottom + 18);
        }
        g.drawString("percentile", (left + right) / 2 - 30, bottom + 36);
        goal(g, "create p99 goal " + Report.number(Report.CREATE_P99_GOAL_MS) + " ms", Report.CREATE_P99_GOAL_MS, low,
                high, left, right, top, bottom);
        goal(g, "lag p99 goal " + Report.number(Report.LAG_P99_GOAL_MS) + " ms", Report.LAG_P99_GOAL_MS, low, high,
                left, right, top, bottom);
        for (int i = 0; i < series.size(); i++) {
            Histogram micros = series.get(i).micros();
            Path2D.Double curve = new Path2D.Double();
            for (int step = 0; step <= 400; step++) {
                double nines = MAX_NINES * step / 400;
                double percentile = 100 * (1 - Math.pow(10, -nines));
                double ms = Math.max(Math.pow(10, low), micros.getValueAtPercentile(percentile) / 1000.0);
                double px = left + (right - left) * nines / MAX_NINES;
                double py = yOf(Math.log10(ms), low, high, top, bottom);
                if (step == 0) {
                    curve.moveTo(px, py);
                } else {
                    curve.lineTo(px, py);
                }
            }
            g.setColor(SERIES[i % SERIES.length]);
            Stroke plain = g.getStroke();
            g.setStroke(new BasicStroke(2.5f));
            g.draw(curve);
            g.setStroke(plain);
            g.fillRect(left + 14, top + 14 + i * 20, 18, 10);
            g.setColor(Color.BLACK);
            g.drawString(series.get(i).name() + " (" + Report.number(micros.getTotalCount()) + ")", left + 38,
                    top + 24 + i * 20);
        }
    }

    private static void goal(Graphics2D g, String label, double ms, double low, double high, int left, int right,
                             int top, int bottom) {
        int gy = yOf(Math.log10(ms), low, high, top, bottom);
        Stroke plain = g.getStroke();
        g.setColor(new Color(0xb00000));
        g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 6f}, 0f));
        g.drawLine(left, gy, right, gy);
        g.setStroke(plain);
        g.drawString(label, right - 170, gy - 4);
    }

    private static int yOf(double log, double low, double high, int top, int bottom) {
        return bottom - (int) ((bottom - top) * (log - low) / (high - low));
    }

    /** 1, 2 or 5 times a power of ten, at least the value: axis ends that read well. */
    private static double niceCeiling(double value) {
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }
}
