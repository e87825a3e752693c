package dev.dataproduct;

/**
 * A descriptor (ODPS, ODCS) could not be read: malformed YAML, a value of the wrong type, a
 * missing or unknown property. Names the file, the JSON path and what was expected.
 */
public class DescriptorException extends DataProductException {
  private static final long serialVersionUID = 1L;
  private final String source;
  private final String path;

  public DescriptorException(String source, String path, String problem) {
    this(source, path, problem, null);
  }

  public DescriptorException(String source, String path, String problem, Throwable cause) {
    super(source + ": " + (path == null || path.isEmpty() ? "$" : path) + ": " + problem, cause);
    this.source = source;
    this.path = path == null || path.isEmpty() ? "$" : path;
  }

  /** The file or stream the document came from. */
  public String source() {
    return source;
  }

  /** The JSON path of the offending node, {@code $} for the whole document. */
  public String path() {
    return path;
  }
}
