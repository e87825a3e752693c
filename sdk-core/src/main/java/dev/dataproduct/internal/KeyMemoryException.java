package dev.dataproduct.internal;

import dev.dataproduct.DataProductException;

/**
 * A uniqueness rule could not keep its keys: the heap ran out, or spilling them to disk failed.
 * The message names the rule and its port and says what to configure; never a key's value.
 */
final class KeyMemoryException extends DataProductException {
  private static final long serialVersionUID = 1L;

  KeyMemoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
