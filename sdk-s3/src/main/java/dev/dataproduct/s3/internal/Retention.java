package dev.dataproduct.s3.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which visible publications to keep, counted per contract major version: of each major, the
 * newest {@code keepLast} (0: no count limit) and those younger than {@code maxAge} (null: no age
 * limit). With both, a publication stays while either keeps it. The newest publication of each
 * major is always kept, so a new major published side by side never expires the publication
 * readers pinned to an old major read.
 */
record Retention(int keepLast, Duration maxAge) {
  public static final Retention KEEP_ALL = new Retention(0, null);

  public Retention {
    if (keepLast < 0) {
      throw new IllegalArgumentException("keepLast must be >= 0, was " + keepLast);
    }
  }

  public boolean keepsAll() {
    return keepLast == 0 && maxAge == null;
  }

  /** The ids to delete among {@code visible} (by ascending id), oldest first. */
  public List<Long> expired(List<Manifest> visible, Instant now) {
    List<Long> out = new ArrayList<>();
    if (keepsAll()) {
      return out;
    }
    Map<Integer, Integer> seen = new HashMap<>(); // per major, how many are newer or this one
    for (int i = visible.size() - 1; i >= 0; i--) {
      Manifest m = visible.get(i);
      int rank = seen.merge(m.contract().version().major(), 1, Integer::sum);
      boolean newestOfItsMajor = rank == 1;
      boolean keptByCount = keepLast > 0 && rank <= keepLast;
      boolean keptByAge = maxAge != null && !m.committedAt().isBefore(now.minus(maxAge));
      if (!newestOfItsMajor && !keptByCount && !keptByAge) {
        out.add(m.id());
      }
    }
    Collections.reverse(out);
    return out;
  }

  @Override
  public String toString() {
    if (keepsAll()) {
      return "keep all";
    }
    return (keepLast > 0 ? "keep last " + keepLast : "")
        + (keepLast > 0 && maxAge != null ? " or " : "")
        + (maxAge != null ? "keep for " + maxAge : "")
        + " per major version";
  }
}
