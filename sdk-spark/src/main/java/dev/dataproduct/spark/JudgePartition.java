package dev.dataproduct.spark;

import dev.dataproduct.Schema;
import dev.dataproduct.spi.DistributedWrite;
import dev.dataproduct.spi.OutputJudge;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;

/**
 * The single pass over a port's dataset, on the executors: each row is judged once (conformance,
 * value domain, row rules) and written, accepted rows to the port's part, rejected ones to the
 * quarantine's ({@link PartOutput}), as the run writes them when no key repeats. What comes out is
 * only the {@link KeyHash hashes} of the accepted rows' keys, one per key of the contract whose
 * value is not null, for the aggregation that tells whether a key may repeat; a row rejected by
 * another rule claims no key. The task's {@link TaskReport} goes to the accumulator once the
 * partition is written.
 */
final class JudgePartition implements MapPartitionsFunction<Row, Long> {
  private static final long serialVersionUID = 1L;

  private final JudgeConfig config;
  private final StructType in;
  private final DistributedWrite.PartWriters data;
  private final DistributedWrite.PartWriters quarantine;
  private final CollectionAccumulator<TaskReport> reports;

  JudgePartition(JudgeConfig config, StructType in, DistributedWrite.PartWriters data,
      DistributedWrite.PartWriters quarantine, CollectionAccumulator<TaskReport> reports) {
    this.config = config;
    this.in = in;
    this.data = data;
    this.quarantine = quarantine;
    this.reports = reports;
  }

  @Override
  public Iterator<Long> call(Iterator<Row> rows) {
    TaskContext task = TaskContext.get();
    return new Keys(rows, config.judge(), SparkRows.naming(in, in.size(), config.port),
        new PartOutput(config, data, quarantine, task), task.partitionId());
  }

  /** The key hashes of a partition's accepted rows, judging and writing the rows as it goes. */
  private final class Keys implements Iterator<Long> {
    private final Iterator<Row> rows;
    private final OutputJudge judge;
    private final Schema naming;
    private final PartOutput out;
    private final int partition;
    private final long[] pending;
    private int next;
    private int end;
    private long index;
    private boolean finished;

    Keys(Iterator<Row> rows, OutputJudge judge, Schema naming, PartOutput out, int partition) {
      this.rows = rows;
      this.judge = judge;
      this.naming = naming;
      this.out = out;
      this.partition = partition;
      this.pending = new long[judge.keys().size()];
    }

    @Override
    public boolean hasNext() {
      while (next == end) {
        if (!rows.hasNext()) {
          if (!finished) {
            finished = true;
            reports.add(out.finish());
          }
          return false;
        }
        judgeNext();
      }
      return true;
    }

    @Override
    public Long next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return pending[next++];
    }

    private void judgeNext() {
      long position = TaskReport.position(partition, index++);
      OutputJudge.Verdict v = judge.judge(SparkRows.toRow(naming, rows.next()));
      int order = out.warned(v.warnings(), position);
      next = 0;
      end = 0;
      if (!v.accepted()) {
        out.reject(v.row(), v.ruleId(), v.action(), v.reason(), position, order);
        return;
      }
      out.accept(v.row());
      for (int k = 0; k < pending.length; k++) {
        String key = judge.keyOf(k, v.row());
        if (key != null) {
          pending[end++] = KeyHash.of(k, key);
        }
      }
    }
  }
}
