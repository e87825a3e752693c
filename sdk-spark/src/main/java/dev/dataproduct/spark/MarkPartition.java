package dev.dataproduct.spark;

import dev.dataproduct.Schema;
import dev.dataproduct.spi.OutputJudge;
import java.util.Iterator;
import java.util.function.Function;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The first pass of the ordered job ({@link PortJob}'s fallback when a key repeats), on the
 * executors: each row keeps its columns and gains its position in the dataset (partition, then
 * order in it), whether every check but uniqueness accepts it, and, when it does, the value of
 * each key. The shuffle that follows finds the duplicates among accepted rows only, so a rejected
 * row claims no key.
 *
 * <p>Over the plan's own rows ({@link #internal()}) the columns are kept as Spark stores them and
 * the row is judged as the single pass judges it ({@link InternalRows}); {@link #call} is the same
 * pass over {@code Row}s, for a dataset without a physical plan here (Spark Connect).
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
    Schema naming = SparkRows.naming(in, in.size(), config.port);
    return mark(rows, r -> SparkRows.toRow(naming, r), (r, marks) -> {
      Object[] out = new Object[in.size() + marks.length];
      for (int i = 0; i < in.size(); i++) {
        out[i] = r.get(i);
      }
      System.arraycopy(marks, 0, out, in.size(), marks.length);
      return RowFactory.create(out);
    });
  }

  /** The same pass over the plan's internal rows, marked rows of the same layout. */
  FlatMapFunction<Iterator<InternalRow>, InternalRow> internal() {
    return rows -> {
      Schema naming = SparkRows.naming(in, in.size(), config.port);
      InternalRows reader = new InternalRows(in, naming);
      DataType[] types = new DataType[in.size()];
      for (int i = 0; i < types.length; i++) {
        types[i] = in.fields()[i].dataType();
      }
      // the plan may hand one row object over and over: each marked row holds a copy's values
      Iterator<InternalRow> copies = new Iterator<>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public InternalRow next() {
          return rows.next().copy();
        }
      };
      return mark(copies, reader::toRow, (r, marks) -> {
        Object[] out = new Object[types.length + marks.length];
        for (int i = 0; i < types.length; i++) {
          out[i] = r.isNullAt(i) ? null : r.get(i, types[i]);
        }
        out[types.length] = marks[0];
        out[types.length + 1] = marks[1];
        for (int k = 2; k < marks.length; k++) {
          out[types.length + k] = marks[k] == null ? null : UTF8String.fromString((String) marks[k]);
        }
        return new GenericInternalRow(out);
      });
    };
  }

  /** Combines a row with its marks: position, acceptance, then each key's value or null. */
  @FunctionalInterface
  private interface Marker<T> {
    T marked(T row, Object[] marks);
  }

  private <T> Iterator<T> mark(Iterator<T> rows, Function<T, dev.dataproduct.Row> convert,
      Marker<T> marker) {
    OutputJudge judge = config.judge();
    int partition = TaskContext.getPartitionId();
    return new Iterator<>() {
      long index;

      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public T next() {
        T r = rows.next();
        OutputJudge.Verdict v = judge.judge(convert.apply(r));
        Object[] marks = new Object[2 + keys];
        marks[0] = TaskReport.position(partition, index++);
        marks[1] = v.accepted();
        if (v.accepted()) {
          for (int k = 0; k < keys; k++) {
            marks[2 + k] = judge.keyOf(k, v.row());
          }
        }
        return marker.marked(r, marks);
      }
    };
  }
}
