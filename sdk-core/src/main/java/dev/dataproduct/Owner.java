package dev.dataproduct;

import java.util.Objects;

/**
 * Who answers for a data product: the business owner (what it means, who may use it) and the
 * technical owner (how it runs). An id is an e-mail address, a user or a team name.
 *
 * @param kind business or technical
 * @param id the owner's e-mail, user or team name
 */
public record Owner(Kind kind, String id) {

  /** The two kinds of owner a product declares. */
  public enum Kind {
    BUSINESS,
    TECHNICAL
  }

  public Owner {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("Owner id must not be blank");
    }
  }

  /** The business owner. */
  public static Owner business(String id) {
    return new Owner(Kind.BUSINESS, id);
  }

  /** The technical owner. */
  public static Owner technical(String id) {
    return new Owner(Kind.TECHNICAL, id);
  }
}
