package dev.dataproduct.s3.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which visible publications to keep: the newest {@code keepLast} (0: no count limit) and those
 * younger than {@code maxAge} (null: no age limit). With both, a publication stays while either
 * keeps it. The latest publication is always kept.
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

  /**
   * The ids to delete among {@code visible} (ascending ids with their commit times), oldest first.
   */
  public List<Long> expired(List<Long> ids, List<Instant> committedAt, Instant now) {
    List<Long> out = new ArrayList<>();
    if (keepsAll()) {
      return out;
    }
    int n = ids.size();
    for (int i = 0; i < n - 1; i++) { // the last one is the latest: always kept
      boolean keptByCount = keepLast > 0 && i >= n - keepLast;
      boolean keptByAge = maxAge != null && !committedAt.get(i).isBefore(now.minus(maxAge));
      boolean countApplies = keepLast > 0;
      boolean ageApplies = maxAge != null;
      boolean keep = (countApplies && keptByCount) || (ageApplies && keptByAge);
      if (!keep) {
        out.add(ids.get(i));
      }
    }
    return out;
  }

  @Override
  public String toString() {
    if (keepsAll()) {
      return "keep all";
    }
    return (keepLast > 0 ? "keep last " + keepLast : "")
        + (keepLast > 0 && maxAge != null ? " or " : "")
        + (maxAge != null ? "keep for " + maxAge : "");
  }
}
