package dev.dataproduct;

import java.util.List;

/**
 * A contract about to be published (or read) is not compatible with the one it is compared
 * with: a breaking change under the same major version, or an upstream major version the
 * consumer does not accept.
 */
public class IncompatibleContractException extends DataProductException {
  private static final long serialVersionUID = 1L;
  private final List<String> changes;

  public IncompatibleContractException(String message, List<String> changes) {
    super(message);
    this.changes = List.copyOf(changes);
  }

  public IncompatibleContractException(String message) {
    this(message, List.of());
  }

  /** The breaking changes, one human-readable line each (may be empty). */
  public List<String> changes() {
    return changes;
  }
}
