package dev.seawall.desk.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;

/**
 * The desk's Prometheus metrics. Labels carry only fixed vocabularies (route templates such as
 * {@code /api/notices/{id}}, methods, status codes, outcomes, formats): never an address, a customer,
 * a user or a notice id.
 */
public final class DeskMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  /** Micrometer holds a gauge's source weakly: the sources are held here for the registry's life. */
  private final List<Object> sources = new CopyOnWriteArrayList<>();

  public DeskMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    gc.bindTo(registry);
  }

  /** A total kept in the database (monotonic, such as notices received), read through {@code gauges}. */
  public void databaseCounter(String name, String help, DatabaseGauges gauges, String key, String... tags) {
    sources.add(gauges);
    FunctionCounter.builder(name, gauges, g -> g.value(key)).description(help).tags(tags).register(registry);
  }

  /** A level kept in the database (open cases, overdue cases). */
  public void databaseGauge(String name, String help, DatabaseGauges gauges, String key) {
    sources.add(gauges);
    Gauge.builder(name, gauges, g -> g.value(key)).description(help).register(registry);
  }

  public <T> void gauge(String name, String help, T source, ToDoubleFunction<T> value) {
    sources.add(source);
    Gauge.builder(name, source, value).description(help).register(registry);
  }

  public void request(String method, String route, int status, Duration took) {
    Timer.builder("seawall_desk_http_requests").description("HTTP requests by route template and status")
        .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
        .register(registry).record(took);
  }

  public void login(boolean ok) {
    Counter.builder("seawall_desk_logins").description("dashboard logins by outcome").tag("outcome", ok ? "ok" : "failed")
        .register(registry).increment();
  }

  /** A change made through the API or the dashboard, by action (notice.import, nullroute.add, …). */
  public void write(String action) {
    Counter.builder("seawall_desk_writes").description("changes made through the API and the dashboard, by action")
        .tag("action", action).register(registry).increment();
  }

  /** Shown at zero from the start when the desk fetches a mailbox, so that alerts on them work before the first failure. */
  public void imapCounters() {
    imapFetchedCounter();
    imapFailuresCounter();
  }

  /** Messages fetched from the abuse mailbox (stored or found to be duplicates). */
  public void imapFetched(long messages) {
    imapFetchedCounter().increment(messages);
  }

  public void imapPollFailed() {
    imapFailuresCounter().increment();
  }

  private Counter imapFetchedCounter() {
    return Counter.builder("seawall_desk_imap_messages_fetched").description("messages fetched from the abuse mailbox by this instance")
        .register(registry);
  }

  private Counter imapFailuresCounter() {
    return Counter.builder("seawall_desk_imap_poll_failures").description("polls of the abuse mailbox that failed on this instance")
        .register(registry);
  }

  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
