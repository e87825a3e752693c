package dev.dataproduct.policy;

import java.util.Objects;

/**
 * How a masked column is shown to a consumer: as {@code null}, as a salted hash (joinable but not
 * reversible), or partially ({@code ****1234}). Hashed and partial columns are read as strings.
 */
public final class Masking {

  /** The kinds of masking. */
  public enum Kind {
    NULL,
    HASH,
    PARTIAL
  }

  private static final Masking NULL = new Masking(Kind.NULL, 0);
  private static final Masking HASH = new Masking(Kind.HASH, 0);

  private final Kind kind;
  private final int visibleSuffix;

  private Masking(Kind kind, int visibleSuffix) {
    this.kind = kind;
    this.visibleSuffix = visibleSuffix;
  }

  /** The value reads as {@code null}. The default. */
  public static Masking nullify() {
    return NULL;
  }

  /**
   * The value reads as 32 lower-case hex characters: the first 128 bits of the SHA-256 of the
   * product's masking salt, a zero byte and the value's text. Equal values hash equally within a
   * product (joins and counts still work), differently across products with different salts; not
   * a full SHA-256 hex string (64 characters).
   */
  public static Masking hash() {
    return HASH;
  }

  /** Every character but the last {@code visible} reads as {@code *}. */
  public static Masking partial(int visible) {
    if (visible < 0) {
      throw new IllegalArgumentException("Visible characters must be >= 0, was " + visible);
    }
    return new Masking(Kind.PARTIAL, visible);
  }

  public Kind kind() {
    return kind;
  }

  /** PARTIAL: how many trailing characters stay visible. */
  public int visibleSuffix() {
    return visibleSuffix;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Masking && ((Masking) o).kind == kind
        && ((Masking) o).visibleSuffix == visibleSuffix;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, visibleSuffix);
  }

  @Override
  public String toString() {
    return kind == Kind.PARTIAL ? "partial(" + visibleSuffix + ")" : kind.name().toLowerCase();
  }
}
