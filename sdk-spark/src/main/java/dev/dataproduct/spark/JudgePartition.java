package dev.dataproduct.spark;

import dev.dataproduct.Schema;
import dev.dataproduct.spi.DistributedWrite;
import dev.dataproduct.spi.OutputJudge;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;

/**
 * The single pass over a port's dataset, on the executors: each row is judged once (conformance,
 * value domain, row rules) and written, accepted rows to the port's part, rejected ones to the
 * quarantine's ({@link PartOutput}), as the run writes them when no key repeats. What comes out is
 * only the keys of the accepted rows, one row of {@link #KEYS} per key of the contract whose value
 * is not null, for the aggregation that tells whether a key repeats; a row rejected by another
 * rule claims no key. The task's {@link TaskReport} goes to the accumulator once the partition is
 * written.
 */
final class JudgePartition implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  /** Column of {@link #KEYS}: the index of the key among the contract's keys. */
  static final String KEY_INDEX = "_dp_key_index";
  /** Column of {@link #KEYS}: the key's value ({@link OutputJudge#keyOf}). */
  static final String KEY = "_dp_key";
  /** The rows the pass emits. */
  static final StructType KEYS = new StructType()
      .add(KEY_INDEX, DataTypes.IntegerType, false)
      .add(KEY, DataTypes.StringType, false);

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
  public Iterator<Row> call(Iterator<Row> rows) {
    TaskContext task = TaskContext.get();
    return new Keys(rows, config.judge(), SparkRows.naming(in, in.size(), config.port),
        new PartOutput(config, data, quarantine, task), task.partitionId());
  }

  /** The keys of a partition's accepted rows, judging and writing the rows as it goes. */
  private final class Keys implements Iterator<Row> {
    private final Iterator<Row> rows;
    private final OutputJudge judge;
    private final Schema naming;
    private final PartOutput out;
    private final int partition;
    private final Row[] pending;
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
      this.pending = new Row[judge.keys().size()];
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
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Row key = pending[next];
      pending[next++] = null;
      return key;
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
          pending[end++] = RowFactory.create(k, key);
        }
      }
    }
  }
}
