package dev.dataproduct.spark;

import dev.dataproduct.Schema;
import dev.dataproduct.spi.OutputJudge;
import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * The first pass of the ordered job ({@link PortJob}'s fallback when a key repeats), on the
 * executors: each row keeps its columns and gains its position in the dataset (partition, then
 * order in it), whether every check but uniqueness accepts it, and, when it does, the value of
 * each key. The shuffle that follows finds the duplicates among accepted rows only, so a rejected
 * row claims no key.
 */
final class MarkPartition implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final JudgeConfig config;
  private final StructType in;
  private final int keys;

  MarkPartition(JudgeConfig config, StructType in, int keys) {
    this.config = config;
    this.in = in;
    this.keys = keys;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    OutputJudge judge = config.judge();
    int columns = in.size();
    Schema naming = SparkRows.naming(in, columns, config.port);
    int partition = TaskContext.getPartitionId();
    return new Iterator<>() {
      long index;

      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Row next() {
        Row r = rows.next();
        OutputJudge.Verdict v = judge.judge(SparkRows.toRow(naming, r));
        Object[] out = new Object[columns + 2 + keys];
        for (int i = 0; i < columns; i++) {
          out[i] = r.get(i);
        }
        out[columns] = TaskReport.position(partition, index++);
        out[columns + 1] = v.accepted();
        if (v.accepted()) {
          for (int k = 0; k < keys; k++) {
            out[columns + 2 + k] = judge.keyOf(k, v.row());
          }
        }
        return RowFactory.create(out);
      }
    };
  }
}
