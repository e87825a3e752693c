package dev.dataproduct.testing.fs;

import dev.dataproduct.OutputPort;
import dev.dataproduct.spi.PublicationStore;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Output ports publishing JSON Lines files to a local directory: the adapter docs/ADAPTERS.md
 * builds step by step. Each publication is a directory {@code publications/<id>/} holding the
 * data file, the contract it was checked against and a {@code publication.properties} file whose
 * appearance (an atomic rename) makes it visible.
 *
 * <pre>{@code
 * OutputPort orders = FileSystemOutputPort.builder("orders-files")
 *     .directory(Path.of("/data/orders"))
 *     .retainLast(10)
 *     .contract(contract)
 *     .build();
 * }</pre>
 */
public final class FileSystemOutputPort {
  private FileSystemOutputPort() {}

  /** A builder of a port named {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  // tag::builder[]
  /** Builds a file-system output port; {@link #directory} is required. */
  public static final class Builder extends OutputPort.Builder<Builder> {
    private Path directory;
    private int retainLast = Integer.MAX_VALUE;

    private Builder(String name) {
      super(name);
    }

    /** The directory publications go to (created when missing). */
    public Builder directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /** Keeps only the newest {@code n} publications (default: all). */
    public Builder retainLast(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("retainLast must be >= 1, was " + n);
      }
      this.retainLast = n;
      return this;
    }

    @Override
    protected PublicationStore createStore() {
      if (directory == null) {
        throw new IllegalArgumentException("Output port '" + name() + "' has no directory");
      }
      return new FileSystemPublicationStore(directory, retainLast, false);
    }
  }
  // end::builder[]
}
