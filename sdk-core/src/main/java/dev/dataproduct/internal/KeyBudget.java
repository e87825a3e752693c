package dev.dataproduct.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heap one run's uniqueness rules may keep their keys in, shared by every rule of every port
 * of the run ({@link UniqueKeys}): the keys in memory, the index of each run spilled to disk
 * ({@link KeyRun}) and the Bloom filter of each rule that spilled ({@link SpilledKeys}). When a
 * rule's keys would grow past the limit, the rules holding the most keys spill them to sorted
 * runs in a directory of the run's own under the spill directory; Bloom filters take at most half
 * of the limit (the largest are halved in place when they would take more). {@link #close()}
 * deletes every spill file, also after a failed run.
 *
 * <p>{@link #heap()} never spills: every key stays in the heap (for tools outside a run, such as
 * {@code RowChecker}). Not thread-safe: one per run.
 */
final class KeyBudget implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KeyBudget.class);
  /** Bits per key a filter is sized for when the budget allows (about 2% false positives). */
  static final int FILTER_BITS_PER_KEY = 10;
  /** A new filter has room for this many times the keys spilled so far. */
  static final int FILTER_HEADROOM = 4;
  /** The largest filter: 2^36 bits, 8 GiB. */
  private static final long MAX_FILTER_BITS = 1L << 36;

  private final long limit;
  private final Path parent;
  private Path dir;
  private int files;
  private long used;
  private long filterBytes;
  private long spilledKeys;
  private long written;
  private long onDisk;
  private long peakOnDisk;
  private int spills;
  private final List<UniqueKeys> owners = new ArrayList<>();
  private final List<KeyRun> runs = new ArrayList<>();
  private final List<BloomFilter> filters = new ArrayList<>();
  /** The one buffer lookups read a block into (runs are probed one at a time). */
  private ByteBuffer block = ByteBuffer.allocate(0);

  private KeyBudget(long limit, Path parent) {
    this.limit = limit;
    this.parent = parent;
  }

  /**
   * A budget of {@code limit} heap bytes spilling under {@code spillDirectory}; {@link
   * Long#MAX_VALUE} never spills.
   */
  static KeyBudget of(long limit, Path spillDirectory) {
    return new KeyBudget(limit, limit == Long.MAX_VALUE ? null : spillDirectory);
  }

  /** No limit: every key stays in the heap. */
  static KeyBudget heap() {
    return new KeyBudget(Long.MAX_VALUE, null);
  }

  /** Whether keys spill to disk past the limit. */
  boolean spillsToDisk() {
    return parent != null;
  }

  long limit() {
    return limit;
  }

  /** Heap bytes charged now: keys in memory, spilled runs' indexes, the rules' filters. */
  long used() {
    return used;
  }

  /** Bytes written to spill files so far (spills and merges). */
  long bytesWritten() {
    return written;
  }

  /** The most bytes the spill files held at once. */
  long peakBytesOnDisk() {
    return peakOnDisk;
  }

  /** How many times a rule's keys were spilled. */
  int spillCount() {
    return spills;
  }

  /** A rule spilled its keys. */
  void spilled() {
    spills++;
  }

  void register(UniqueKeys owner) {
    owners.add(owner);
  }

  /** Whether {@code more} bytes fit in the limit. */
  boolean fits(long more) {
    return used + more <= limit;
  }

  /** A rule's keys in memory grew (or shrank) by {@code delta} bytes. */
  void changed(long delta) {
    used += delta;
  }

  /**
   * Spills the keys of the rules holding the most, until {@code more} bytes fit or no rule has
   * keys in memory left (then the caller grows past the limit by one step: a rule always keeps
   * room for a few keys, whatever the limit).
   */
  void makeRoom(long more) {
    if (parent == null) {
      return;
    }
    while (used + more > limit) {
      UniqueKeys largest = null;
      for (UniqueKeys o : owners) {
        if (o.spillable() > 0 && (largest == null || o.memory() > largest.memory())) {
          largest = o;
        }
      }
      if (largest == null) {
        return;
      }
      largest.spill();
    }
  }

  /**
   * Bits for a new Bloom filter of a rule's {@code keys} spilled keys, replacing {@code replaced}
   * ({@code null} for the rule's first): room for {@value #FILTER_HEADROOM} times the keys at
   * {@value #FILTER_BITS_PER_KEY} bits each, rounded up to a power of two, but no more than
   * what is left of the filters' half of the limit, or than an even share of that half between
   * the rules with a filter (the others are then folded, see {@link #filterAdded}).
   */
  long filterBits(long keys, BloomFilter replaced) {
    long share = Math.min(limit / 2, MAX_FILTER_BITS / 8);
    long others = filterBytes - (replaced == null ? 0 : replaced.bytes());
    int holders = filters.size() + (replaced == null ? 1 : 0);
    long room = Math.max(share - others, share / holders);
    long want = Math.min(keys * FILTER_BITS_PER_KEY * FILTER_HEADROOM, MAX_FILTER_BITS);
    long wanted = Math.max(BloomFilter.MIN_BITS, Long.highestOneBit(want - 1) << 1);
    long fits = Long.highestOneBit(Math.max(0, room - BloomFilter.HEADER_BYTES) * 8);
    return Math.max(BloomFilter.MIN_BITS, Math.min(wanted, fits));
  }

  /** A rule's filter was built: charged, and the largest filters folded if they take too much. */
  void filterAdded(BloomFilter filter) {
    filters.add(filter);
    filterBytes += filter.bytes();
    used += filter.bytes();
    fitFilters();
  }

  /** A rule's filter was dropped. */
  void filterRemoved(BloomFilter filter) {
    if (filters.remove(filter)) {
      filterBytes -= filter.bytes();
      used -= filter.bytes();
    }
  }

  /** A new file in the run's spill directory (created on first use). */
  Path newFile() {
    try {
      if (dir == null) {
        Files.createDirectories(parent);
        dir = Files.createTempDirectory(parent, "dataproduct-keys-");
      }
      return dir.resolve("run-" + files++ + ".keys");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The run's spill directory, if a key was spilled. */
  Path directory() {
    return dir != null ? dir : parent;
  }

  /** The buffer to read a block of any spilled run into. */
  ByteBuffer blockBuffer() {
    return block;
  }

  void runAdded(KeyRun run) {
    if (run.maxBlock() > block.capacity()) {
      used += run.maxBlock() - block.capacity();
      block = ByteBuffer.allocate(run.maxBlock());
    }
    runs.add(run);
    used += run.bytes();
    spilledKeys += run.count();
    written += run.fileBytes();
    onDisk += run.fileBytes();
    peakOnDisk = Math.max(peakOnDisk, onDisk);
  }

  void runRemoved(KeyRun run) {
    if (runs.remove(run)) {
      used -= run.bytes();
      spilledKeys -= run.count();
      onDisk -= run.fileBytes();
    }
  }

  /** Halves the largest filters while filters take more than half the limit. */
  private void fitFilters() {
    while (filterBytes > limit / 2) {
      BloomFilter largest = null;
      for (BloomFilter f : filters) {
        if (f.canFold() && (largest == null || f.bytes() > largest.bytes())) {
          largest = f;
        }
      }
      if (largest == null) {
        return;
      }
      long freed = largest.fold();
      filterBytes -= freed;
      used -= freed;
    }
  }

  /** The rule holding the most keys in memory, for a message; empty when none holds any. */
  String largestHolder() {
    UniqueKeys largest = null;
    for (UniqueKeys o : owners) {
      if (largest == null || o.memory() > largest.memory()) {
        largest = o;
      }
    }
    return largest == null || largest.inMemory() == 0 ? ""
        : largest.label() + " held " + largest.inMemory() + " keys (" + mib(largest.memory())
            + " MiB)";
  }

  /** Releases every rule's keys and deletes every spill file and the run's spill directory. */
  @Override
  public void close() {
    for (UniqueKeys o : owners) {
      o.release();
    }
    owners.clear();
    for (KeyRun r : new ArrayList<>(runs)) {
      runRemoved(r);
      r.delete();
    }
    used -= block.capacity();
    block = ByteBuffer.allocate(0);
    if (dir != null) {
      if (spills > 0) {
        LOG.info("Uniqueness keys spilled {} times to {}: {} MiB written, at most {} MiB on"
            + " disk", spills, dir, mib(written), mib(peakOnDisk));
      }
      try (Stream<Path> left = Files.walk(dir)) {
        left.sorted(Comparator.reverseOrder()).forEach(p -> {
          try {
            Files.deleteIfExists(p);
          } catch (IOException e) {
            LOG.warn("Could not delete spill file {}: {}", p, e.toString());
          }
        });
      } catch (IOException e) {
        LOG.warn("Could not delete spill directory {}: {}", dir, e.toString());
      }
      dir = null;
    }
  }

  static long mib(long bytes) {
    return bytes >> 20;
  }
}
