package dev.dataproduct.spring;

import dev.dataproduct.DataProduct;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Publication;
import dev.dataproduct.RunResult;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * The health of one data product: {@code DOWN} when its last run in this application failed, or
 * when an output port's latest publication is older than the freshness objective of the port's
 * contract ({@code DataContract.freshnessObjective()}: ODCS {@code slaProperties} latency, else
 * frequency); {@code UNKNOWN} while a port with an objective has no publication yet; {@code UP} otherwise. The details hold figures only (outcome, counts, ids,
 * ages, objectives), never data values.
 */
final class DataProductHealthIndicator implements HealthIndicator {
  private final DataProduct product;
  private final RunHistory history;

  DataProductHealthIndicator(DataProduct product, RunHistory history) {
    this.product = product;
    this.history = history;
  }

  @Override
  public Health health() {
    Status status = Status.UP;
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("version", product.version().toString());
    Optional<RunResult> last = history.lastRun(product.name());
    if (last.isPresent()) {
      RunResult run = last.get();
      Map<String, Object> lastRun = new LinkedHashMap<>();
      lastRun.put("runId", run.runId());
      lastRun.put("outcome", run.outcome().name());
      lastRun.put("endedAt", run.endedAt().toString());
      lastRun.put("rowsRead", run.rowsRead());
      lastRun.put("rowsWritten", run.rowsWritten());
      lastRun.put("rowsQuarantined", run.rowsQuarantined());
      run.error().ifPresent(e -> lastRun.put("error", RunHistory.describe(e)));
      details.put("lastRun", lastRun);
      if (!run.succeeded()) {
        status = Status.DOWN;
      }
    }
    Instant now = product.clock().instant();
    Map<String, Object> ports = new LinkedHashMap<>();
    for (OutputPort port : product.outputs().values()) {
      Map<String, Object> p = new LinkedHashMap<>();
      Optional<Duration> objective = port.contract().freshnessObjective();
      objective.ifPresent(o -> p.put("freshnessObjectiveSeconds", o.toSeconds()));
      Optional<Publication> latest;
      try {
        latest = port.latest();
      } catch (RuntimeException e) {
        p.put("error", "listing publications failed: " + RunHistory.describe(e));
        ports.put(port.name(), p);
        status = Status.DOWN;
        continue;
      }
      if (latest.isPresent()) {
        Publication pub = latest.get();
        long age = Math.max(0, Duration.between(pub.committedAt(), now).toSeconds());
        p.put("publicationId", pub.id());
        p.put("rows", pub.rows());
        p.put("contractVersion", pub.contractVersion());
        p.put("committedAt", pub.committedAt().toString());
        p.put("ageSeconds", age);
        if (objective.isPresent() && age > objective.get().toSeconds()) {
          p.put("stale", true);
          status = Status.DOWN;
        }
      } else if (objective.isPresent()) {
        p.put("publication", "none yet");
        if (status == Status.UP) {
          status = Status.UNKNOWN;
        }
      }
      ports.put(port.name(), p);
    }
    details.put("ports", ports);
    return Health.status(status).withDetails(details).build();
  }
}
