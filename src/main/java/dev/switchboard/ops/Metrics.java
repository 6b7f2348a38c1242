package dev.switchboard.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * A small thread-safe registry of counters and summaries (count and sum), rendered in the Prometheus
 * text format by {@link #scrape()}. Families are get-or-create by name, so several verticle
 * instances sharing one registry add to the same series.
 *
 * <p>Label values must come from bounded sets (model refs, outcome codes). As a safety net, a family
 * holding {@link #DEFAULT_MAX_SERIES} series folds any new combination into one series whose labels
 * are all {@link #OVERFLOW_LABEL}, so a bug cannot grow the scrape without bound.
 */
public final class Metrics {

  public static final int DEFAULT_MAX_SERIES = 1000;
  public static final String OVERFLOW_LABEL = "_other";

  private final Map<String, Family<?>> families = new ConcurrentHashMap<>();
  private final List<Family<?>> order = new ArrayList<>();
  private final int maxSeries;

  public Metrics() {
    this(DEFAULT_MAX_SERIES);
  }

  public Metrics(int maxSeries) {
    this.maxSeries = maxSeries;
  }

  /** The counter family {@code name} (which should end in {@code _total}), created on first use. */
  public Counter counter(String name, String help, String... labelNames) {
    return (Counter) family(name, n -> new Counter(n, help, labelNames, maxSeries));
  }

  /** The summary family {@code name}, exposing {@code _count} and {@code _sum}, created on first use. */
  public Summary summary(String name, String help, String... labelNames) {
    return (Summary) family(name, n -> new Summary(n, help, labelNames, maxSeries));
  }

  private Family<?> family(String name, Function<String, Family<?>> create) {
    return families.computeIfAbsent(name, n -> {
      Family<?> family = create.apply(n);
      synchronized (order) {
        order.add(family);
      }
      return family;
    });
  }

  /** Every family in registration order, series sorted by labels, in the Prometheus text format 0.0.4. */
  public String scrape() {
    List<Family<?>> snapshot;
    synchronized (order) {
      snapshot = List.copyOf(order);
    }
    StringBuilder out = new StringBuilder();
    snapshot.forEach(family -> family.render(out));
    return out.toString();
  }

  /** A family of series keyed by label values. */
  private abstract static sealed class Family<S> permits Counter, Summary {

    final String name;
    private final String help;
    private final String type;
    private final String[] labelNames;
    private final int maxSeries;
    private final Map<List<String>, S> series = new ConcurrentHashMap<>();

    Family(String name, String help, String type, String[] labelNames, int maxSeries) {
      this.name = name;
      this.help = help;
      this.type = type;
      this.labelNames = labelNames.clone();
      this.maxSeries = maxSeries;
    }

    abstract S newSeries();

    abstract void renderSeries(StringBuilder out, String labels, S value);

    S series(String... labelValues) {
      if (labelValues.length != labelNames.length) {
        throw new IllegalArgumentException(name + " takes labels " + Arrays.toString(labelNames));
      }
      List<String> key = Arrays.asList(labelValues);
      S existing = series.get(key);
      if (existing != null) {
        return existing;
      }
      if (series.size() >= maxSeries) {
        String[] overflow = new String[labelNames.length];
        Arrays.fill(overflow, OVERFLOW_LABEL);
        key = Arrays.asList(overflow);
      }
      return series.computeIfAbsent(key, k -> newSeries());
    }

    /** The series for these label values, or null when nothing was recorded for them. */
    S existing(String... labelValues) {
      return series.get(Arrays.asList(labelValues));
    }

    void render(StringBuilder out) {
      out.append("# HELP ").append(name).append(' ').append(help).append('\n');
      out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
      series.entrySet().stream()
          .sorted(Map.Entry.comparingByKey((a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b))))
          .forEach(entry -> renderSeries(out, labels(entry.getKey()), entry.getValue()));
    }

    private String labels(List<String> values) {
      if (values.isEmpty()) {
        return "";
      }
      StringBuilder labels = new StringBuilder("{");
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          labels.append(',');
        }
        labels.append(labelNames[i]).append("=\"").append(escape(values.get(i))).append('"');
      }
      return labels.append('}').toString();
    }

    private static String escape(String value) {
      if (value == null) {
        return "";
      }
      return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
  }

  /** A monotonically increasing count per label combination. */
  public static final class Counter extends Family<LongAdder> {

    private Counter(String name, String help, String[] labelNames, int maxSeries) {
      super(name, help, "counter", labelNames, maxSeries);
    }

    public void increment(String... labelValues) {
      series(labelValues).increment();
    }

    /** The current count, 0 for a combination never incremented. */
    public long value(String... labelValues) {
      LongAdder adder = existing(labelValues);
      return adder == null ? 0 : adder.sum();
    }

    @Override
    LongAdder newSeries() {
      return new LongAdder();
    }

    @Override
    void renderSeries(StringBuilder out, String labels, LongAdder value) {
      out.append(name).append(labels).append(' ').append(value.sum()).append('\n');
    }
  }

  /** Count and sum of observations (latencies in seconds, say) per label combination. */
  public static final class Summary extends Family<Summary.Totals> {

    private Summary(String name, String help, String[] labelNames, int maxSeries) {
      super(name, help, "summary", labelNames, maxSeries);
    }

    public void observe(double value, String... labelValues) {
      Totals totals = series(labelValues);
      totals.count.increment();
      totals.sum.add(value);
    }

    /** Observations so far for that combination. */
    public long count(String... labelValues) {
      Totals totals = existing(labelValues);
      return totals == null ? 0 : totals.count.sum();
    }

    /** Sum of the observations so far for that combination. */
    public double sum(String... labelValues) {
      Totals totals = existing(labelValues);
      return totals == null ? 0 : totals.sum.sum();
    }

    @Override
    Totals newSeries() {
      return new Totals();
    }

    @Override
    void renderSeries(StringBuilder out, String labels, Totals totals) {
      out.append(name).append("_count").append(labels).append(' ').append(totals.count.sum()).append('\n');
      out.append(name).append("_sum").append(labels).append(' ').append(totals.sum.sum()).append('\n');
    }

    static final class Totals {
      private final LongAdder count = new LongAdder();
      private final DoubleAdder sum = new DoubleAdder();
    }
  }
}
