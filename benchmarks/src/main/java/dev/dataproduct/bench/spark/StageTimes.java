package dev.dataproduct.bench.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;

/**
 * The stages one round ran ({@code -Dstages=true} on {@link SparkPublishComparison}): for each,
 * its wall time, and its tasks' run, CPU and GC time summed; the rest of the round's time was
 * spent on the driver (or between stages).
 */
final class StageTimes extends SparkListener {
  private final List<String> lines = new ArrayList<>();
  private long wallMillis;

  @Override
  public synchronized void onStageCompleted(SparkListenerStageCompleted completed) {
    StageInfo s = completed.stageInfo();
    long wall = s.completionTime().isDefined() && s.submissionTime().isDefined()
        ? (Long) s.completionTime().get() - (Long) s.submissionTime().get() : -1;
    wallMillis += Math.max(0, wall);
    var m = s.taskMetrics();
    String name = s.name().length() > 40 ? s.name().substring(0, 40) : s.name();
    lines.add(String.format(Locale.ROOT,
        "    stage %-40s %3d tasks  wall %6d ms  run %6d ms  cpu %6d ms  gc %5d ms", name,
        s.numTasks(), wall, m.executorRunTime(), m.executorCpuTime() / 1_000_000,
        m.jvmGCTime()));
  }

  /** Prints the stages since the last call and what of {@code roundMillis} they did not take. */
  synchronized void print(long roundMillis) {
    lines.forEach(System.out::println);
    System.out.printf(Locale.ROOT, "    outside stages %6d ms of %6d ms%n",
        roundMillis - wallMillis, roundMillis);
    lines.clear();
    wallMillis = 0;
  }
}
