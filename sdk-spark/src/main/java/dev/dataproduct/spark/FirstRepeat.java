package dev.dataproduct.spark;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;

/**
 * On the executors, over one partition of key hashes sorted by value (equal hashes are then
 * neighbours): the first hash that repeats, or nothing. The sort before it is Spark's, which
 * spills, so finding a repeat needs no memory proportional to the keys.
 */
final class FirstRepeat implements MapPartitionsFunction<Long, Long> {
  private static final long serialVersionUID = 1L;

  @Override
  public Iterator<Long> call(Iterator<Long> sorted) {
    if (!sorted.hasNext()) {
      return Collections.emptyIterator();
    }
    long previous = sorted.next();
    while (sorted.hasNext()) {
      long hash = sorted.next();
      if (hash == previous) {
        return List.of(hash).iterator();
      }
      previous = hash;
    }
    return Collections.emptyIterator();
  }
}
