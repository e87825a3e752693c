package dev.dataproduct.spring;

import dev.dataproduct.DataProduct;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;

/**
 * Runs the products that have a schedule in {@code dataproduct.products.<name>.schedule}: a cron
 * expression or a fixed delay. A product's runs never overlap: a cron tick that comes while the
 * previous run is still going is skipped (and logged at DEBUG). On shutdown the scheduler stops
 * starting runs and waits up to {@code dataproduct.scheduling.shutdown-timeout} for runs in
 * progress; the context then closes the products ({@link DataProduct#close()} also waits for a
 * run in progress).
 *
 * <p>Each run's outcome is logged once by {@link RunHistory}; a run never throws into the
 * scheduler ({@link DataProduct#run()} reports failures in its result).
 */
final class DataProductScheduler implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(DataProductScheduler.class);

  private final Map<String, DataProduct> products;
  private final DataProductProperties properties;
  private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
  private final Map<String, AtomicBoolean> running = new LinkedHashMap<>();
  private final List<ScheduledFuture<?>> futures = new ArrayList<>();
  private final Object lock = new Object();
  private boolean started;

  DataProductScheduler(Map<String, DataProduct> productsByName, DataProductProperties properties) {
    this.products = Map.copyOf(productsByName);
    this.properties = properties;
    for (Map.Entry<String, DataProductProperties.Product> e
        : properties.getProducts().entrySet()) {
      DataProductProperties.Schedule s = e.getValue().getSchedule();
      if (!products.containsKey(e.getKey())) {
        throw new IllegalStateException("dataproduct.products." + e.getKey()
            + " configures a product that is not a bean of this application; products are "
            + products.keySet());
      }
      if (s.getCron() != null && s.getFixedDelay() != null) {
        throw new IllegalStateException("dataproduct.products." + e.getKey()
            + ".schedule sets both cron and fixed-delay; set one");
      }
      if (s.getFixedDelay() != null
          && (s.getFixedDelay().isNegative() || s.getFixedDelay().isZero())) {
        throw new IllegalStateException("dataproduct.products." + e.getKey()
            + ".schedule.fixed-delay must be positive, was " + s.getFixedDelay());
      }
      if (s.getCron() != null) {
        new CronTrigger(s.getCron(), zone(s)); // fails now, naming the expression, if invalid
      }
    }
    scheduler.setPoolSize(Math.max(1, properties.getScheduling().getPoolSize()));
    scheduler.setThreadNamePrefix("dataproduct-scheduler-");
    scheduler.setWaitForTasksToCompleteOnShutdown(true);
    scheduler.setAwaitTerminationMillis(
        properties.getScheduling().getShutdownTimeout().toMillis());
  }

  private static TimeZone zone(DataProductProperties.Schedule s) {
    return s.getZone() == null ? TimeZone.getDefault() : TimeZone.getTimeZone(ZoneId.of(
        s.getZone()));
  }

  /** The names of the products this scheduler runs. */
  List<String> scheduled() {
    return properties.getProducts().entrySet().stream()
        .filter(e -> e.getValue().isEnabled() && e.getValue().getSchedule().isSet())
        .map(Map.Entry::getKey)
        .toList();
  }

  @Override
  public void start() {
    synchronized (lock) {
      if (!started) {
        schedule();
        started = true;
      }
    }
  }

  private void schedule() {
    scheduler.initialize();
    for (String name : scheduled()) {
      DataProductProperties.Schedule s = properties.getProducts().get(name).getSchedule();
      AtomicBoolean busy = running.computeIfAbsent(name, k -> new AtomicBoolean());
      Runnable task = () -> runOnce(name, busy);
      if (s.getCron() != null) {
        futures.add(scheduler.schedule(task, new CronTrigger(s.getCron(), zone(s))));
        LOG.info("Data product '{}' scheduled: cron '{}'", name, s.getCron());
      } else {
        Instant first = Instant.now().plus(s.getInitialDelay());
        futures.add(scheduler.scheduleWithFixedDelay(task, first, s.getFixedDelay()));
        LOG.info("Data product '{}' scheduled: every {} after the previous run", name,
            s.getFixedDelay());
      }
    }
  }

  private void runOnce(String name, AtomicBoolean busy) {
    if (!busy.compareAndSet(false, true)) {
      LOG.debug("Data product '{}': skipping a scheduled run, the previous one is in progress",
          name);
      return;
    }
    try {
      products.get(name).run();
    } catch (IllegalStateException closed) {
      // the product was closed while the tick was queued: nothing to run any more
      LOG.debug("Data product '{}': scheduled run not started: {}", name, closed.getMessage());
    } finally {
      busy.set(false);
    }
  }

  @Override
  public void stop() {
    synchronized (lock) {
      if (started) {
        shutDown();
        started = false;
      }
    }
  }

  private void shutDown() {
    futures.forEach(f -> f.cancel(false));
    futures.clear();
    Duration timeout = properties.getScheduling().getShutdownTimeout();
    scheduler.shutdown(); // waits up to the timeout for runs in progress
    if (running.values().stream().anyMatch(AtomicBoolean::get)) {
      LOG.warn("Data product runs still in progress after {}; closing the products waits for them",
          timeout);
    }
  }

  @Override
  public boolean isRunning() {
    synchronized (lock) {
      return started;
    }
  }
}
