package dev.dataproduct.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys one uniqueness rule spilled to disk: sorted runs ({@link KeyRun}) behind one {@link
 * BloomFilter} over all of them. A lookup asks the filter (a few memory reads); only when it
 * answers "maybe" (a key seen before, or a false positive) does it read one block of each run.
 *
 * <p>Runs are kept in decreasing size, each at least {@value #RATIO} times the size of the next
 * (newer) one: a new run is merged with the newest runs until that holds again, so a rule holds
 * about log<sub>{@value #RATIO}</sub>(spilled keys / keys per spill) runs (two to four in
 * practice), and a false positive costs one block read per run. The price is that a key is
 * rewritten more often than in size-tiered merging (about seven times at a hundred spills,
 * against three or four), sequentially, which is cheap next to the block reads it saves.
 *
 * <p>Merging does not touch the filter, since the set of keys is the same. The filter is sized
 * when the rule first spills, for {@value KeyBudget#FILTER_HEADROOM} times the keys then spilled
 * at {@value KeyBudget#FILTER_BITS_PER_KEY} bits each, within the filters' share of the budget
 * ({@link KeyBudget#filterBits}); once it holds more keys than that and the budget allows a
 * filter at least twice as large, it is rebuilt from the runs (reading them once), so rebuilds
 * cost at most about one more pass over the keys in all. Runs never share a key: the rule checks
 * every key against them before keeping it. Not thread-safe.
 */
final class SpilledKeys {
  /** The least size ratio of a run to the next newer one. */
  static final int RATIO = 4;

  private final KeyBudget budget;
  /** Largest (oldest) first. */
  private final List<KeyRun> runs = new ArrayList<>();
  private BloomFilter filter;
  private long count;

  SpilledKeys(KeyBudget budget) {
    this.budget = budget;
  }

  boolean isEmpty() {
    return runs.isEmpty();
  }

  /** Keys spilled. */
  long count() {
    return count;
  }

  /** Runs on disk. */
  int runCount() {
    return runs.size();
  }

  /** Bits of the filter; 0 before the first spill. */
  long filterBits() {
    return filter == null ? 0 : filter.bits();
  }

  /** Whether a spilled run holds the key ({@code hash} is its {@link KeyCodec#hash}). */
  boolean contains(byte[] key, int len, long hash) {
    if (filter == null || !filter.mightContain(hash)) {
      return false;
    }
    try {
      ByteBuffer block = budget.blockBuffer();
      for (KeyRun r : runs) {
        if (r.contains(key, len, block)) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a new run of {@code keys} keys, first growing the filter if they need it; hand the
   * finished run to {@link #add}.
   */
  Spill spill(long keys) {
    try {
      fitFilter(count + keys);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Spill(KeyRun.writer(budget.newFile()));
  }

  /** Adds a finished run, then merges it with the newest runs while they are too alike in size. */
  void add(KeyRun run) {
    runs.add(run);
    count += run.count();
    budget.runAdded(run);
    try {
      int from = runs.size() - 1;
      long keys = runs.get(from).count();
      while (from > 0 && keys * RATIO > runs.get(from - 1).count()) {
        from--;
        keys += runs.get(from).count();
      }
      if (from < runs.size() - 1) {
        merge(new ArrayList<>(runs.subList(from, runs.size())));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Builds the filter, or rebuilds it larger from the runs, for {@code keys} keys. */
  private void fitFilter(long keys) throws IOException {
    long bits = budget.filterBits(keys, filter);
    if (filter != null && (filter.bits() >= keys * KeyBudget.FILTER_BITS_PER_KEY
        || bits < 2 * filter.bits())) {
      return;
    }
    if (filter != null) {
      budget.filterRemoved(filter);
      filter = null;
    }
    BloomFilter built = BloomFilter.ofBits(bits);
    for (KeyRun r : runs) {
      try (KeyRun.Cursor c = r.cursor()) {
        while (c.next()) {
          built.add(KeyCodec.hash(c.key(), 0, c.length()));
        }
      }
    }
    filter = built;
    budget.filterAdded(built);
  }

  private void merge(List<KeyRun> parts) throws IOException {
    KeyRun merged;
    List<KeyRun.Cursor> cursors = new ArrayList<>(parts.size());
    try (KeyRun.Writer w = KeyRun.writer(budget.newFile())) {
      for (KeyRun r : parts) {
        KeyRun.Cursor c = r.cursor();
        cursors.add(c);
        if (!c.next()) {
          cursors.remove(c);
          c.close();
        }
      }
      while (!cursors.isEmpty()) {
        KeyRun.Cursor min = cursors.get(0);
        for (int i = 1; i < cursors.size(); i++) {
          KeyRun.Cursor c = cursors.get(i);
          if (KeyCodec.compare(c.key(), 0, c.length(), min.key(), 0, min.length()) < 0) {
            min = c;
          }
        }
        w.add(min.key(), 0, min.length());
        if (!min.next()) {
          cursors.remove(min);
          min.close();
        }
      }
      merged = w.finish();
    } finally {
      for (KeyRun.Cursor c : cursors) {
        c.close();
      }
    }
    // counted on disk before the parts go: both are there at the peak
    budget.runAdded(merged);
    for (KeyRun r : parts) {
      runs.remove(r);
      budget.runRemoved(r);
      r.delete();
    }
    runs.add(merged);
  }

  /** Deletes every run and drops the filter. */
  void delete() {
    for (KeyRun r : runs) {
      budget.runRemoved(r);
      r.delete();
    }
    runs.clear();
    count = 0;
    if (filter != null) {
      budget.filterRemoved(filter);
      filter = null;
    }
  }

  /** One spill being written: each key goes to the new run and to the filter. */
  final class Spill implements AutoCloseable {
    private final KeyRun.Writer writer;

    private Spill(KeyRun.Writer writer) {
      this.writer = writer;
    }

    /** Appends a key, greater than the one before ({@code hash} is its {@link KeyCodec#hash}). */
    void add(byte[] key, int off, int len, long hash) throws IOException {
      writer.add(key, off, len);
      filter.add(hash);
    }

    /** The finished run, for {@link SpilledKeys#add}. */
    KeyRun finish() throws IOException {
      return writer.finish();
    }

    /** Abandons an unfinished run (its keys stay in the filter: a few more "maybe"s). */
    @Override
    public void close() {
      writer.close();
    }
  }
}
