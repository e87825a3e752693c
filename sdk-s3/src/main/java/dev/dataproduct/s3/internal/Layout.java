package dev.dataproduct.s3.internal;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Where a port's objects live under its prefix:
 *
 * <pre>
 * {prefix}/data/{staging}/part-00000.jsonl   data files of one publication
 * {prefix}/manifests/{id}.json               one per committed publication (id zero-padded)
 * {prefix}/_latest                           the pointer to the newest manifest
 * {prefix}/_quarantine/...                   the quarantine sink, laid out the same way
 * </pre>
 *
 * <p>The staging directory of a publication is named {@code yyyyMMdd'T'HHmmss'Z'-random} when its
 * writer opens, before its id is claimed at commit; the manifest lists its files, so readers never
 * look at directory names.
 */
final class Layout {
  private static final int ID_DIGITS = 20;
  private static final DateTimeFormatter STAGING_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String prefix;

  /** A layout under {@code prefix}, given without leading or trailing slash. */
  public Layout(String prefix) {
    this.prefix = prefix;
  }

  /** Normalizes a user-given prefix: trims slashes, rejects empty segments and dot segments. */
  public static String normalizePrefix(String prefix, String what) {
    String p = prefix.trim();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.isEmpty()) {
      throw new IllegalArgumentException(what + " '" + prefix
          + "' is empty; give each port its own prefix such as 'sales/daily-revenue'");
    }
    for (String segment : p.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(what + " '" + prefix
            + "' has an empty, '.' or '..' segment; use a plain path such as 'sales/orders'");
      }
    }
    return p;
  }

  public String prefix() {
    return prefix;
  }

  /** The key of {@code path}, relative to the prefix. */
  public String key(String path) {
    return prefix + "/" + path;
  }

  /** The path of {@code key} relative to the prefix. */
  public String path(String key) {
    return key.substring(prefix.length() + 1);
  }

  public String pointerKey() {
    return key("_latest");
  }

  public String manifestsPrefix() {
    return key("manifests/");
  }

  public String manifestKey(long id) {
    return manifestsPrefix() + pad(id) + ".json";
  }

  public String dataPrefix() {
    return key("data/");
  }

  /** The id of a manifest key, or -1 when the key is not a manifest's. */
  public long manifestId(String key) {
    String mp = manifestsPrefix();
    if (!key.startsWith(mp) || !key.endsWith(".json")
        || key.length() != mp.length() + ID_DIGITS + 5) {
      return -1;
    }
    long id = 0;
    for (int i = mp.length(); i < mp.length() + ID_DIGITS; i++) {
      char c = key.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      id = id * 10 + (c - '0');
    }
    return id;
  }

  /** A fresh staging directory path ({@code data/...}/), unique across writers. */
  public static String stagingPath(Instant now) {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    StringBuilder sb = new StringBuilder("data/").append(STAGING_TIME.format(now)).append('-');
    for (byte x : b) {
      sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
    }
    return sb.append('/').toString();
  }

  /** When a staging directory name says it was created, or null when it is not one of ours. */
  public static Instant stagingTime(String dirName) {
    int dash = dirName.indexOf('-');
    if (dash != 16) {
      return null;
    }
    try {
      return Instant.from(STAGING_TIME.parse(dirName.substring(0, dash)));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The data file name of part {@code index}: {@code part-00000.jsonl}. */
  public static String partName(int index, String extension) {
    String n = Integer.toString(index);
    return "part-" + "00000".substring(Math.min(5, n.length())) + n + extension;
  }

  static String pad(long id) {
    String s = Long.toString(id);
    return "0".repeat(ID_DIGITS - s.length()) + s;
  }
}
