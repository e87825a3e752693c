package dev.dataproduct.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;

/**
 * The keys one uniqueness rule has seen in one run, in bounded memory: in the heap while the
 * run's {@link KeyBudget} allows (a {@link LongHashSet} for INTEGER fields, else the encoded keys
 * in a {@link ByteKeySet}), and beyond it in sorted runs on disk ({@link SpilledKeys}). {@link
 * #add} is exact whatever was spilled: a key is new only when neither the heap nor a run holds it
 * (the rule's Bloom filter spares the disk for most new keys). A key the codec cannot encode (a
 * value of an unknown class inside a map or a list) stays in the heap.
 *
 * <p>When the heap runs out anyway (a budget larger than the heap), or a spill file cannot be
 * written, the keys are released at once and a {@link KeyMemoryException} names the rule, its
 * port and what to configure. Not thread-safe.
 */
final class UniqueKeys {
  /** Heap bytes charged per key the codec cannot encode (a boxed key in a hash set). */
  private static final long OPAQUE_KEY_BYTES = 96;

  private final KeyBudget budget;
  private final String label;
  private final boolean longs;
  private final SpilledKeys spilled;
  private final byte[] scratch = new byte[8];
  private LongHashSet longSet;
  private ByteKeySet byteSet;
  private Set<Object> opaque;
  private long memory;
  private boolean released;

  private UniqueKeys(KeyBudget budget, String label, boolean longs) {
    this.budget = budget;
    this.label = label;
    this.longs = longs;
    this.spilled = new SpilledKeys(budget);
    if (longs) {
      // a small budget starts small, so that it spills what it holds rather than a large table
      longSet = new LongHashSet((int) Math.max(8, Math.min(1024, budget.limit() / 64)));
    } else {
      byteSet = new ByteKeySet();
    }
    budget.register(this);
    recharge();
  }

  /** Keys of an INTEGER field ({@link #add(long)}); {@code label} names the rule and port. */
  static UniqueKeys ofLongs(KeyBudget budget, String label) {
    return new UniqueKeys(budget, label, true);
  }

  /** Encoded keys ({@link #add(byte[], int)}, {@link #addOpaque}). */
  static UniqueKeys ofBytes(KeyBudget budget, String label) {
    return new UniqueKeys(budget, label, false);
  }

  /** What the rule is, for messages: {@code rule 'id' of output port 'p'}. */
  String label() {
    return label;
  }

  /** Keys held in the heap. */
  long inMemory() {
    if (released) {
      return 0;
    }
    return (longs ? longSet.size() : byteSet.size()) + (opaque == null ? 0 : opaque.size());
  }

  /** Keys {@link #spill()} would write (keys the codec cannot encode stay). */
  long spillable() {
    return released ? 0 : longs ? longSet.size() : byteSet.size();
  }

  /** Heap bytes of the keys held in the heap. */
  long memory() {
    return memory;
  }

  /** Keys spilled to disk. */
  long spilledCount() {
    return spilled.count();
  }

  /** Adds a long key; false when the rule saw it before. */
  boolean add(long v) {
    checkOpen();
    try {
      if (!spilled.isEmpty()) {
        KeyCodec.putLong(scratch, 0, v);
        if (spilled.contains(scratch, 8, KeyCodec.hash(v))) {
          return false;
        }
      }
      long growth = longSet.growthFor(v);
      if (growth == 0) {
        return longSet.add(v);
      }
      if (!budget.fits(growth)) {
        if (longSet.contains(v)) {
          return false;
        }
        budget.makeRoom(growth);
      }
      boolean added = longSet.add(v);
      recharge();
      return added;
    } catch (OutOfMemoryError e) {
      throw outOfMemory(e);
    } catch (UncheckedIOException e) {
      throw spillFailed(e.getCause());
    }
  }

  /** Adds the first {@code len} bytes of {@code key}; false when the rule saw them before. */
  boolean add(byte[] key, int len) {
    checkOpen();
    try {
      long h = KeyCodec.hash(key, 0, len);
      if (!spilled.isEmpty() && spilled.contains(key, len, h)) {
        return false;
      }
      if (byteSet.full() && budget.spillsToDisk()) {
        if (byteSet.contains(key, len, h)) {
          return false;
        }
        spill();
      }
      long growth = byteSet.growthFor(len);
      if (growth == 0) {
        return byteSet.add(key, len, h);
      }
      if (!budget.fits(growth)) {
        if (byteSet.contains(key, len, h)) {
          return false;
        }
        budget.makeRoom(growth);
      }
      boolean added = byteSet.add(key, len, h);
      recharge();
      return added;
    } catch (OutOfMemoryError e) {
      throw outOfMemory(e);
    } catch (UncheckedIOException e) {
      throw spillFailed(e.getCause());
    }
  }

  /** Adds a key the codec cannot encode (kept in the heap); false when the rule saw it. */
  boolean addOpaque(Object key) {
    checkOpen();
    try {
      if (opaque == null) {
        opaque = new HashSet<>();
      }
      if (opaque.contains(key)) {
        return false;
      }
      if (!budget.fits(OPAQUE_KEY_BYTES)) {
        budget.makeRoom(OPAQUE_KEY_BYTES);
      }
      opaque.add(key);
      recharge();
      return true;
    } catch (OutOfMemoryError e) {
      throw outOfMemory(e);
    } catch (UncheckedIOException e) {
      throw spillFailed(e.getCause());
    }
  }

  /** Writes the keys in the heap to a new sorted run and empties the heap's set. */
  void spill() {
    int n = longs ? longSet.size() : byteSet.size();
    if (n == 0 || released) {
      return;
    }
    try (SpilledKeys.Spill w = spilled.spill(n)) {
      if (longs) {
        byte[] b = new byte[8];
        longSet.drainSorted(v -> {
          KeyCodec.putLong(b, 0, v);
          try {
            w.add(b, 0, 8, KeyCodec.hash(v));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      } else {
        int count = byteSet.sortInPlace();
        for (int i = 0; i < count; i++) {
          byte[] chunk = byteSet.chunkOf(i);
          int pos = byteSet.positionOf(i);
          int len = ByteKeySet.lengthAt(chunk, pos);
          int from = pos + ByteKeySet.varintSize(len);
          w.add(chunk, from, len, KeyCodec.hash(chunk, from, len));
        }
        byteSet.clear();
      }
      KeyRun run = w.finish();
      recharge();
      budget.spilled();
      spilled.add(run);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Gives the heap back and deletes the rule's spill files; the keys are gone. */
  void release() {
    if (released) {
      return;
    }
    released = true;
    longSet = longs ? new LongHashSet(1) : null;
    byteSet = longs ? null : new ByteKeySet();
    opaque = null;
    budget.changed(-memory);
    memory = 0;
    spilled.delete();
  }

  private void recharge() {
    if (released) {
      return;
    }
    long now = (longs ? longSet.bytes() : byteSet.bytes())
        + (opaque == null ? 0 : opaque.size() * OPAQUE_KEY_BYTES);
    budget.changed(now - memory);
    memory = now;
  }

  private void checkOpen() {
    if (released) {
      throw new IllegalStateException("The keys of " + label + " were released");
    }
  }

  private KeyMemoryException outOfMemory(OutOfMemoryError e) {
    long keys = inMemory();
    long held = memory;
    release();
    return new KeyMemoryException("Uniqueness " + label + " ran out of heap memory keeping "
        + keys + " keys (" + KeyBudget.mib(held) + " MiB) in the heap; the run's uniqueness"
        + " memory is " + describe(budget.limit()) + " of a " + describe(
            Runtime.getRuntime().maxMemory()) + " heap. Set DataProduct.Builder"
        + ".uniquenessMemory(bytes) well below the heap (keys beyond it spill to"
        + " spillDirectory(path)), or give the JVM more heap (-Xmx)", e);
  }

  private KeyMemoryException spillFailed(Throwable cause) {
    release();
    return new KeyMemoryException("Uniqueness " + label + " could not spill its keys to "
        + budget.directory() + " (" + cause.getClass().getSimpleName()
        + "); set DataProduct.Builder.spillDirectory(path) to a writable directory with room,"
        + " or raise uniquenessMemory(bytes) if the heap allows", cause);
  }

  private static String describe(long bytes) {
    return bytes == Long.MAX_VALUE ? "unbounded" : KeyBudget.mib(bytes) + " MiB";
  }
}
