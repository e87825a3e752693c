package dev.dataproduct;

/** A consumer read was refused by the access policy of the output port or of its product. */
public class AccessDeniedException extends DataProductException {
  private static final long serialVersionUID = 1L;

  public AccessDeniedException(String message) {
    super(message);
  }
}
