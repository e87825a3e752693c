package dev.dataproduct.spark;

import dev.dataproduct.Schema;
import dev.dataproduct.spi.DistributedWrite;
import dev.dataproduct.spi.OutputJudge;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;
import java.util.function.Function;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;

/**
 * The single pass over a port's dataset, on the executors: each row is judged once (conformance,
 * value domain, row rules) and written, accepted rows to the port's part, rejected ones to the
 * quarantine's ({@link PartOutput}), as the run writes them when no key repeats. What comes out is
 * only the {@link OutputJudge#keyHashes 64-bit hashes} of the accepted rows' keys (computed from
 * the values, no key string built), one per key of the contract whose value is not null, for the
 * aggregation that tells whether a key may repeat; a row rejected by another rule claims no key. The task's {@link TaskReport} goes to the accumulator once the
 * partition is written.
 *
 * <p>It reads Spark's internal rows ({@code queryExecution().toRdd()}) straight into the SDK's
 * ({@link InternalRows}), skipping the {@code Row} that a {@code Dataset.mapPartitions} would
 * deserialize first; {@link #rows()} is the same pass over {@code Row}s, for a dataset without a
 * physical plan here (Spark Connect).
 */
final class JudgePartition implements FlatMapFunction<Iterator<InternalRow>, Long> {
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
  public Iterator<Long> call(Iterator<InternalRow> rows) {
    Schema naming = SparkRows.naming(in, in.size(), config.port);
    return keys(rows, new InternalRows(in, naming)::toRow);
  }

  /**
   * The same pass, its key hashes bucketed into chunks in the same task ({@link HashChunks}), read
   * as primitives.
   */
  PairFlatMapFunction<Iterator<InternalRow>, Integer, long[]> chunked(int buckets) {
    HashChunks chunks = new HashChunks(buckets);
    return rows -> chunks.call(call(rows));
  }

  /** The same pass over a dataset's {@code Row}s. */
  MapPartitionsFunction<Row, Long> rows() {
    return rows -> {
      Schema naming = SparkRows.naming(in, in.size(), config.port);
      return keys(rows, r -> SparkRows.toRow(naming, r));
    };
  }

  private <T> Iterator<Long> keys(Iterator<T> rows, Function<T, dev.dataproduct.Row> convert) {
    TaskContext task = TaskContext.get();
    return new Keys<>(rows, convert, config.judge(),
        new PartOutput(config, data, quarantine, task), task.partitionId());
  }

  /**
   * The key hashes of a partition's accepted rows, judging and writing the rows as it goes; a
   * {@code PrimitiveIterator.OfLong}, so that {@link HashChunks} reads them without a {@code Long}
   * each.
   */
  private final class Keys<T> implements PrimitiveIterator.OfLong {
    private final Iterator<T> rows;
    private final Function<T, dev.dataproduct.Row> convert;
    private final OutputJudge judge;
    private final PartOutput out;
    private final int partition;
    private final long[] pending;
    private int next;
    private int end;
    private long index;
    private boolean finished;

    Keys(Iterator<T> rows, Function<T, dev.dataproduct.Row> convert, OutputJudge judge,
        PartOutput out, int partition) {
      this.rows = rows;
      this.convert = convert;
      this.judge = judge;
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
    public long nextLong() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return pending[next++];
    }

    private void judgeNext() {
      long position = TaskReport.position(partition, index++);
      OutputJudge.Verdict v = judge.judge(convert.apply(rows.next()));
      int order = out.warned(v.warnings(), position);
      next = 0;
      end = 0;
      if (!v.accepted()) {
        out.reject(v.row(), v.ruleId(), v.action(), v.reason(), position, order);
        return;
      }
      out.accept(v.row());
      end = judge.keyHashes(v.row(), pending);
    }
  }
}
