package dev.dataproduct.spark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.spark.api.java.function.MapPartitionsFunction;

/**
 * On the executors, over one partition of key hashes (shuffled by value, so equal hashes meet in
 * one partition): the first hash found to repeat, or nothing. The hashes are read into a
 * {@code long[]} and sorted there (equal hashes are then neighbours), which costs a fraction of
 * Spark's own row sort (whose walk over sorted record pointers was a fifth of the single pass's
 * executor time); a partition of more than {@code run} hashes is sorted in runs of that many,
 * each run written to a temporary file, then the runs are merged, so memory stays bounded (8
 * bytes a hash, {@link #RUN} by default: 32 MB).
 */
final class FirstRepeat implements MapPartitionsFunction<Long, Long> {
  private static final long serialVersionUID = 1L;
  /** The most hashes one task holds in memory. */
  static final int RUN = 1 << 22;

  private final int run;
  private final String spillDir;

  FirstRepeat() {
    this(RUN, null);
  }

  /** Runs of {@code run} hashes, spilled under {@code spillDir} (null: the temporary dir). */
  FirstRepeat(int run, String spillDir) {
    this.run = run;
    this.spillDir = spillDir;
  }

  @Override
  public Iterator<Long> call(Iterator<Long> hashes) throws IOException {
    List<Path> spilled = new ArrayList<>();
    try {
      long[] buffer = new long[Math.min(run, 1024)];
      while (true) {
        int n = 0;
        while (n < run && hashes.hasNext()) {
          if (n == buffer.length) {
            buffer = Arrays.copyOf(buffer, (int) Math.min(run, 2L * n));
          }
          buffer[n++] = hashes.next();
        }
        Arrays.sort(buffer, 0, n);
        for (int i = 1; i < n; i++) {
          if (buffer[i] == buffer[i - 1]) {
            return List.of(buffer[i]).iterator();
          }
        }
        if (!hashes.hasNext()) {
          if (spilled.isEmpty()) {
            return Collections.emptyIterator();
          }
          Long repeat = merged(spilled, buffer, n);
          return repeat == null ? Collections.emptyIterator() : List.of(repeat).iterator();
        }
        spilled.add(spill(buffer, n));
      }
    } finally {
      for (Path p : spilled) {
        Files.deleteIfExists(p);
      }
    }
  }

  private Path spill(long[] sorted, int n) throws IOException {
    Path file = spillDir == null ? Files.createTempFile("dataproduct-key-hashes", ".bin")
        : Files.createTempFile(Path.of(spillDir), "dataproduct-key-hashes", ".bin");
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
        Files.newOutputStream(file), 1 << 16))) {
      for (int i = 0; i < n; i++) {
        out.writeLong(sorted[i]);
      }
    }
    return file;
  }

  /** The first hash two sorted sources share (the spilled runs and the last one), or null. */
  private static Long merged(List<Path> spilled, long[] last, int lastSize) throws IOException {
    int k = spilled.size();
    DataInputStream[] in = new DataInputStream[k];
    long[] head = new long[k + 1];
    int[] lastNext = {0};
    PriorityQueue<Integer> queue = new PriorityQueue<>(k + 1,
        (a, b) -> Long.compare(head[a], head[b]));
    try {
      for (int i = 0; i < k; i++) {
        in[i] = new DataInputStream(new BufferedInputStream(Files.newInputStream(spilled.get(i)),
            1 << 16));
        if (advance(in, i, head)) {
          queue.add(i);
        }
      }
      if (lastSize > 0) {
        head[k] = last[lastNext[0]++];
        queue.add(k);
      }
      boolean any = false;
      long previous = 0;
      while (!queue.isEmpty()) {
        int i = queue.poll();
        long h = head[i];
        if (any && h == previous) {
          return h;
        }
        any = true;
        previous = h;
        if (i == k) {
          if (lastNext[0] < lastSize) {
            head[k] = last[lastNext[0]++];
            queue.add(k);
          }
        } else if (advance(in, i, head)) {
          queue.add(i);
        }
      }
      return null;
    } finally {
      for (DataInputStream s : in) {
        if (s != null) {
          try {
            s.close();
          } catch (IOException ignored) {
            // the file is deleted next
          }
        }
      }
    }
  }

  private static boolean advance(DataInputStream[] in, int i, long[] head) {
    try {
      head[i] = in[i].readLong();
      return true;
    } catch (EOFException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
