package dev.dataproduct.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys one uniqueness rule spilled to disk: sorted runs ({@link KeyRun}), merged as they
 * accumulate (size-tiered: a new run is level 0; {@value #FANOUT} runs of one level merge into one
 * run of the next), so that a lookup probes a few runs, each behind its Bloom filter, and a key
 * is rewritten a few times at most. Runs never share a key: the rule checks every key against
 * them before keeping it. Not thread-safe.
 */
final class SpilledKeys {
  /** Runs of one level merged into one of the next. */
  static final int FANOUT = 4;

  private final KeyBudget budget;
  private final List<KeyRun> runs = new ArrayList<>();
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

  /** Whether a spilled run holds the key. */
  boolean contains(byte[] key, int len, long hash) {
    try {
      ByteBuffer block = budget.blockBuffer();
      for (int i = runs.size() - 1; i >= 0; i--) {
        if (runs.get(i).contains(key, len, hash, block)) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A writer of a new level-0 run of {@code keys} keys; hand the result to {@link #add}. */
  KeyRun.Writer newRun(long keys) {
    return KeyRun.writer(budget.newFile(), 0, keys, budget.bitsPerKey(keys, 0));
  }

  /** Adds a finished run, then merges runs while a level holds {@value #FANOUT} of them. */
  void add(KeyRun run) {
    runs.add(run);
    count += run.count();
    budget.runAdded(run);
    try {
      compact();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void compact() throws IOException {
    while (true) {
      int level = runs.get(runs.size() - 1).level();
      List<KeyRun> same = new ArrayList<>();
      for (KeyRun r : runs) {
        if (r.level() == level) {
          same.add(r);
        }
      }
      if (same.size() < FANOUT) {
        return;
      }
      merge(same, level + 1);
    }
  }

  private void merge(List<KeyRun> parts, int level) throws IOException {
    long keys = 0;
    for (KeyRun r : parts) {
      keys += r.count();
    }
    KeyRun merged;
    List<KeyRun.Cursor> cursors = new ArrayList<>(parts.size());
    try (KeyRun.Writer w = KeyRun.writer(budget.newFile(), level, keys,
        budget.bitsPerKey(keys, keys))) {
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
        w.add(min.key(), 0, min.length(), KeyCodec.hash(min.key(), 0, min.length()));
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
    for (KeyRun r : parts) {
      runs.remove(r);
      budget.runRemoved(r);
      r.delete();
    }
    // runs stay ordered by level, highest first: the merged run goes after its level's others
    int at = 0;
    while (at < runs.size() && runs.get(at).level() >= level) {
      at++;
    }
    runs.add(at, merged);
    budget.runAdded(merged);
  }

  /** Deletes every run. */
  void delete() {
    for (KeyRun r : runs) {
      budget.runRemoved(r);
      r.delete();
    }
    runs.clear();
    count = 0;
  }
}
