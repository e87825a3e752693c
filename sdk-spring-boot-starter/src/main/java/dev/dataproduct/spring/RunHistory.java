package dev.dataproduct.spring;

import dev.dataproduct.RunListener;
import dev.dataproduct.RunResult;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last run of each product of the application, scheduled or not: a {@link RunListener} the
 * auto-configuration adds to every product bean. Logs each run's outcome once, with its
 * accounting; health indicators and the actuator endpoint read the last result from here.
 */
public final class RunHistory implements RunListener {
  private static final Logger LOG = LoggerFactory.getLogger(RunHistory.class);

  private final Map<String, RunResult> last = new ConcurrentHashMap<>();

  /** The last completed run of {@code product} in this application, if any. */
  public Optional<RunResult> lastRun(String product) {
    return Optional.ofNullable(last.get(product));
  }

  @Override
  public void onComplete(Start start, RunResult result) {
    last.put(result.product(), result);
    if (!result.succeeded()) {
      // the SDK's own message names ports and rules, never classified values; no stack trace
      // here: the run's span carries it and RunResult.orThrow() rethrows it
      LOG.warn("Data product '{}' run {} {} after {} ms: read {}, written {}, quarantined {}: {}",
          result.product(), result.runId(), result.outcome(), result.duration().toMillis(),
          result.rowsRead(),
          result.rowsWritten(), result.rowsQuarantined(),
          result.error().map(RunHistory::describe).orElse("no error recorded"));
    } else {
      LOG.info("Data product '{}' run {} {} in {} ms: read {}, written {}, quarantined {}",
          result.product(), result.runId(), result.outcome(), result.duration().toMillis(),
          result.rowsRead(), result.rowsWritten(), result.rowsQuarantined());
    }
  }

  /** The SDK's own message; only the class of a foreign exception, whose message may hold data. */
  static String describe(Throwable error) {
    return dev.dataproduct.DataProductException.describe(error);
  }
}
