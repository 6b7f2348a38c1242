package dev.switchboard.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The bridge's meters, kept by Micrometer in one Prometheus registry and rendered by {@link #scrape()}
 * for {@code /metrics}. A Vert.x instance made with {@link #vertxBuilder} reports its own pool and event
 * bus meters into the same registry, and the JVM's meters are bound to it once the bridge listens.
 *
 * <p>Families are get-or-create by name, so several verticle instances sharing one registry add to the
 * same series. Label values must come from bounded sets (model refs, outcome codes, channel names). As a
 * safety net, a family holding {@link #DEFAULT_MAX_SERIES} series folds any new combination into one
 * series whose labels are all {@link #OVERFLOW_LABEL}, so a bug cannot grow the scrape without bound.
 */
public final class Metrics {

  public static final int DEFAULT_MAX_SERIES = 1000;
  public static final String OVERFLOW_LABEL = "_other";

  /**
   * Latency bucket bounds from 1 ms to 10 min: bridge overhead and webhook acks at one end, a slow local
   * model at the other. Round values an operator can read, and 18 buckets and +Inf per series rather than the
   * ~70 of Micrometer's generated histogram.
   */
  private static final Duration[] LATENCY_BUCKETS = {
      Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
      Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
      Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
      Duration.ofMinutes(5), Duration.ofMinutes(10)};

  /** Vert.x's meters kept per request or per connection's bytes: left to the bridge's own (see {@link #vertxBuilder}). */
  private static final Set<String> PER_REQUEST_DOMAINS = Set.of(MetricsDomain.HTTP_SERVER.toCategory(),
      MetricsDomain.HTTP_CLIENT.toCategory(), MetricsDomain.NET_SERVER.toCategory(), MetricsDomain.NET_CLIENT.toCategory());

  private final PrometheusMeterRegistry registry;
  private final Map<String, Family<?>> families = new ConcurrentHashMap<>();
  private final int maxSeries;
  /** How to stop the bound JVM meters that listen to GC notifications; empty until they are bound. */
  private final List<Runnable> jvmMeters = new ArrayList<>();
  /** Read without the lock by a scrape on an event loop, which must not wait for a binding under way. */
  private volatile boolean jvmMetersBound;
  /** Set at stop: a binding that was still to come (a timer, a scrape under way) does nothing. */
  private boolean jvmMetersClosed;

  public Metrics() {
    this(DEFAULT_MAX_SERIES);
  }

  public Metrics(int maxSeries) {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.maxSeries = maxSeries;
  }

  /** The registry, for binders and for Vert.x's own meters. */
  public MeterRegistry registry() {
    return registry;
  }

  /**
   * A builder of a Vert.x instance whose pool and event-bus meters go to this registry. Vert.x's HTTP
   * and TCP meters are left out: they look up about ten meters in the registry by name and tags on
   * every request and response, which took 13 % of a {@code /v1} turn's CPU (DESIGN §12).
   * {@link HttpRequests} meters the gateway's requests, {@code switchboard_model_call_seconds} the
   * model calls and {@code switchboard_platform_send_seconds} the platforms' sends instead.
   */
  public VertxBuilder vertxBuilder(VertxOptions options) {
    MicrometerMetricsOptions metricsOptions = new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(false)
        .setDisabledMetricsCategories(PER_REQUEST_DOMAINS);
    return Vertx.builder().with(options.setMetricsOptions(metricsOptions))
        .withMetrics(new MicrometerMetricsFactory(registry));
  }

  /**
   * Binds the JVM's meters (memory, GC, threads, classes, compilation, CPU, uptime: those Vert.x's own
   * option binds). Vert.x would bind them while it is built, on the way to the port; they read JMX and
   * cgroup files, about a tenth of a start, so the bridge binds them once it listens. Blocking: call
   * it off an event loop. Binding twice is a no-op.
   */
  public synchronized void bindJvmMeters() {
    if (jvmMetersBound || jvmMetersClosed) {
      return;
    }
    // Tried once: a JVM whose management beans fail keeps failing, and each scrape would try again.
    jvmMetersBound = true;
    JvmGcMetrics gc = new JvmGcMetrics();
    JvmHeapPressureMetrics heapPressure = new JvmHeapPressureMetrics();
    jvmMeters.add(gc::close);
    jvmMeters.add(heapPressure::close);
    for (MeterBinder binder : List.of(new ClassLoaderMetrics(), new JvmCompilationMetrics(), gc, heapPressure,
        new JvmInfoMetrics(), new JvmMemoryMetrics(), new JvmThreadMetrics(), new ProcessorMetrics(),
        new UptimeMetrics())) {
      binder.bindTo(registry);
    }
  }

  /** True once {@link #bindJvmMeters} ran (or is running): a scrape then need not call it. */
  public boolean jvmMetersBound() {
    return jvmMetersBound;
  }

  /** Stops the JVM meters that listen to the JVM's GC notifications. */
  public synchronized void closeJvmMeters() {
    jvmMetersClosed = true;
    jvmMeters.forEach(Runnable::run);
    jvmMeters.clear();
  }

  /**
   * The counter family {@code name}, exported as {@code <name>_total} (a trailing {@code _total} in
   * {@code name} is accepted and not doubled), created on first use.
   */
  public Counters counter(String name, String help, String... labelNames) {
    return (Counters) family(name, n -> new Counters(n, help, labelNames));
  }

  /**
   * The latency family {@code name}: a histogram exported as {@code <name>_seconds_bucket/_count/_sum/_max}
   * (a trailing {@code _seconds} in {@code name} is accepted and not doubled), so that Prometheus computes
   * p50/p99 with {@code histogram_quantile}.
   */
  public Latencies latency(String name, String help, String... labelNames) {
    return (Latencies) family(name, n -> new Latencies(n, help, labelNames));
  }

  /** A gauge {@code name} read from {@code value} at each scrape, until {@link #remove}d. */
  public Meter gauge(String name, String help, Supplier<Number> value) {
    return Gauge.builder(name, value).description(help).strongReference(true).register(registry);
  }

  /**
   * A counter {@code name} (exported as {@code <name>_total}) whose count {@code holder} keeps, read at
   * each scrape. The registry holds {@code holder} weakly: it must live as long as the bridge.
   */
  public <T> Meter countedElsewhere(String name, String help, T holder, ToDoubleFunction<T> count) {
    return FunctionCounter.builder(name, holder, count).description(help).register(registry);
  }

  /** Takes the meters out of the registry (they read a part of the bridge that is stopping). */
  public void remove(List<Meter> meters) {
    meters.forEach(registry::remove);
  }

  private Family<?> family(String name, Function<String, Family<?>> create) {
    return families.computeIfAbsent(name, create);
  }

  /** Every meter in the Prometheus text format. */
  public String scrape() {
    return registry.scrape();
  }

  /** A family of meters keyed by label values. */
  private abstract sealed class Family<M> permits Counters, Latencies {

    final String name;
    final String help;
    private final String[] labelNames;
    private final Map<List<String>, M> series = new ConcurrentHashMap<>();

    Family(String name, String help, String[] labelNames) {
      this.name = name;
      this.help = help;
      this.labelNames = labelNames.clone();
    }

    abstract M register(Tags tags);

    M series(String... labelValues) {
      if (labelValues.length != labelNames.length) {
        throw new IllegalArgumentException(name + " takes labels " + Arrays.toString(labelNames));
      }
      List<String> key = Arrays.asList(labelValues);
      M existing = series.get(key);
      if (existing != null) {
        return existing;
      }
      if (series.size() >= maxSeries) {
        String[] overflow = new String[labelNames.length];
        Arrays.fill(overflow, OVERFLOW_LABEL);
        key = Arrays.asList(overflow);
      }
      return series.computeIfAbsent(key, values -> register(tags(values)));
    }

    private Tags tags(List<String> values) {
      Tags tags = Tags.empty();
      for (int i = 0; i < labelNames.length; i++) {
        tags = tags.and(labelNames[i], values.get(i) == null ? "" : values.get(i));
      }
      return tags;
    }
  }

  /** A monotonically increasing count per label combination. */
  public final class Counters extends Family<Counter> {

    private Counters(String name, String help, String[] labelNames) {
      super(strip(name, "_total"), help, labelNames);
    }

    public void increment(String... labelValues) {
      series(labelValues).increment();
    }

    @Override
    Counter register(Tags tags) {
      return Counter.builder(name).description(help).tags(tags).register(registry);
    }
  }

  /** Latencies per label combination, as a histogram with buckets from 1 ms to 10 min. */
  public final class Latencies extends Family<Timer> {

    private Latencies(String name, String help, String[] labelNames) {
      super(strip(name, "_seconds"), help, labelNames);
    }

    /** Records the time since {@code startedNanos} (a {@link System#nanoTime()} reading). */
    public void since(long startedNanos, String... labelValues) {
      series(labelValues).record(Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    public void record(Duration duration, String... labelValues) {
      series(labelValues).record(duration);
    }

    @Override
    Timer register(Tags tags) {
      return Timer.builder(name).description(help).tags(tags).serviceLevelObjectives(LATENCY_BUCKETS)
          .register(registry);
    }
  }

  private static String strip(String name, String suffix) {
    return name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : name;
  }
}
