package dev.dataproduct.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.DataProductException;
import dev.dataproduct.spi.DistributedWrite;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * The reports of a pass as Spark's accumulator gathers them: a partition that succeeded twice (a
 * speculative attempt) counts once, with the parts of its lowest attempt; a partition that did not
 * report fails the run rather than shorten its counts.
 */
class TaskReportsTest {

  /** A part as a store returns it: only its counts matter here. */
  record Written(String name, long rows) implements DistributedWrite.Part {
    @Override
    public long bytes() {
      return -1;
    }
  }

  @Test
  void aPartitionReportedTwice_countsOnce_withItsLowestAttempt() {
    TaskReports reports = new TaskReports(LocalSpark.session(), "test reports");
    reports.accumulator().add(report(1, 7, 3));
    reports.accumulator().add(report(0, 9, 5)); // the speculative attempt, done first
    reports.accumulator().add(report(0, 4, 5));

    assertThat(reports.counted("out")).extracting(r -> r.partition, r -> r.attempt)
        .containsExactly(Tuple.tuple(0, 4L),
            Tuple.tuple(1, 7L));
    assertThat(reports.counted("out")).extracting(r -> r.received).containsExactly(5L, 3L);
    assertThat(reports.allDataParts()).extracting(p -> ((Written) p).name())
        .containsExactlyInAnyOrder("data-p1-a7", "data-p0-a9", "data-p0-a4");
    assertThat(reports.allQuarantineParts()).isEmpty();
  }

  @Test
  void aPartitionWithoutReport_failsTheCount() {
    TaskReports reports = new TaskReports(LocalSpark.session(), "test reports");
    reports.accumulator().add(report(1, 7, 3));

    assertThatThrownBy(() -> reports.counted("out"))
        .isInstanceOf(DataProductException.class)
        .hasMessageContaining("1 of the job's 2 tasks");
  }

  private static TaskReport report(int partition, long attempt, long rows) {
    TaskReport r = new TaskReport(partition, 2, attempt);
    r.received = rows;
    r.accepted = rows;
    r.data = new Written("data-p" + partition + "-a" + attempt, rows);
    return r;
  }
}
