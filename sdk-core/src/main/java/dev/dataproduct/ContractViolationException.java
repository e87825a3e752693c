package dev.dataproduct;

/** A rule whose action is {@code FAIL} was violated, or a row did not conform to its contract. */
public class ContractViolationException extends DataProductException {
  private static final long serialVersionUID = 1L;

  public ContractViolationException(String message) {
    super(message);
  }
}
