package dev.dataproduct.s3;

import dev.dataproduct.InputPort;
import dev.dataproduct.policy.Action;
import dev.dataproduct.ProductInputPort;
import dev.dataproduct.Schema;
import dev.dataproduct.format.FileFormat;
import dev.dataproduct.format.Formats;
import dev.dataproduct.s3.internal.S3Ports;
import dev.dataproduct.spi.ProductInputBuilder;
import dev.dataproduct.spi.PublicationStore;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Input ports reading from S3: another data product's publications ({@link #product}), or plain
 * JSON Lines / CSV files under a prefix, gzip-compressed or not ({@link #files}).
 *
 * <pre>{@code
 * // consume the publications of the daily-revenue product, contract 1.x, as an analyst
 * InputPort revenue = S3InputPort.product("revenue")
 *     .client(s3).bucket("lake").prefix("sales/daily-revenue")
 *     .upstream("daily-revenue", "revenue-lake")
 *     .as("analyst")
 *     .schema(REVENUE)
 *     .contractMajor(1)
 *     .build();
 *
 * // ingest raw CSV drops: orders/2024-01-31/*.csv and *.csv.gz
 * InputPort drops = S3InputPort.files("raw-orders")
 *     .client(s3).bucket("landing").prefix("orders/2024-01-31/")
 *     .format(Formats.csv())
 *     .schema(ORDERS)
 *     .build();
 * }</pre>
 */
public final class S3InputPort {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  private S3InputPort() {}

  /**
   * A port reading a publication of another product's S3 output port through its manifest: the
   * latest (default) or a given one, as this product, through the access policies the owner's
   * run stored with the publication (a {@link ProductInputPort}; the upstream owner grants this
   * product a role, declared with {@link ProductBuilder#as}). Every file is checked against the
   * manifest's size and CRC32C while it streams, and the contract the publication was checked
   * against must have an accepted major version.
   */
  public static ProductBuilder product(String name) {
    return new ProductBuilder(name);
  }

  /**
   * A port reading every object under a prefix (in key order) that ends with the format's
   * extension, for raw ingestion. Values that do not match the schema are handed on as they are,
   * so that the run quarantines those rows with a reason.
   *
   * <p><b>Compressed files.</b> A key is selected when it ends with the suffix ({@link
   * FilesBuilder#suffix}, by default the format's extension) or with the suffix followed by
   * {@code .gz}: with JSON Lines, both {@code events.jsonl} and {@code events.jsonl.gz}; with
   * {@code suffix(".data")}, {@code x.data} and {@code x.data.gz}; with {@code suffix("")}, every
   * key. To read only the compressed files, give the full suffix: {@code suffix(".jsonl.gz")}. A
   * selected object whose key ends with {@code .gz} (any case), or whose {@code Content-Encoding}
   * is {@code gzip} whatever its key, is decompressed while it streams (once, also when both
   * apply); the others are read as they are. Multi-member files (concatenated gzip, as written by
   * {@code pigz} or appended logs) are read member after member; memory stays one decompression
   * buffer and window whatever the object's size. An empty object, or gzip of nothing, yields no
   * rows. A truncated or corrupt gzip object, or one with bytes after its last member that do not
   * form another member, fails the read with a {@link dev.dataproduct.DataProductException} naming
   * the object (never its content); rows of the object handed on before the failure are then part
   * of a failed run, which publishes nothing. This needs a client that does not decompress
   * responses itself: the AWS SDK's HTTP clients do not.
   */
  public static FilesBuilder files(String name) {
    return new FilesBuilder(name);
  }

  private static String checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Invalid input port name '" + name
          + "': use letters, digits and - _ . (at most 128 characters, starting alphanumeric)");
    }
    return name;
  }

  /**
   * Builds a port over another product's publications: a {@link ProductInputPort} reading a
   * read-only view of the upstream port's manifests, as this product with the roles of {@link
   * #as}; access is decided with the policies stored with each publication.
   */
  public static final class ProductBuilder extends ProductInputBuilder<ProductBuilder> {
    private final S3Source source;
    private String prefix;
    private FileFormat format;

    private ProductBuilder(String name) {
      super(checkName(name));
      this.source = new S3Source(name);
    }

    /** The client (this or {@link #client(Supplier)} is required); the port never closes it. */
    public ProductBuilder client(S3Client client) {
      source.client(client);
      return this;
    }

    /**
     * Where to get the client when the port first calls S3 (a run, a read, a descriptor with the
     * endpoint), not before: declaring the port, or a product with it, creates no client, so a
     * test that swaps the port ({@code product.withOutput(...)}) never pays for one. Called at
     * most once per port; the client is never closed by the port.
     *
     * <pre>{@code
     * .client(() -> S3Client.builder().region(Region.EU_WEST_1).build())
     * }</pre>
     */
    public ProductBuilder client(Supplier<S3Client> client) {
      source.client(client);
      return this;
    }

    /** The bucket (required). */
    public ProductBuilder bucket(String bucket) {
      source.bucket(bucket);
      return this;
    }

    /** The prefix of the upstream output port (required), e.g. {@code sales/daily-revenue}. */
    public ProductBuilder prefix(String prefix) {
      this.prefix = S3Ports.normalizePrefix(Objects.requireNonNull(prefix, "prefix"),
          "Input port '" + name() + "': prefix");
      return this;
    }

    /** A format beyond the built-in ones the upstream port may have used. */
    public ProductBuilder format(FileFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    @Override
    protected void checkSettings() {
      source.check(prefix);
    }

    @Override
    protected PublicationStore store() {
      return S3Ports.published(source.client(), source.bucket(), prefix, format, upstreamPort());
    }
  }

  /** Builds a port over plain files. */
  public static final class FilesBuilder {
    private final String name;
    private final S3Source source;
    private Schema schema;
    private String prefix;
    private FileFormat format = Formats.jsonLines();
    private String suffix;
    private Action onMalformed = Action.FAIL;

    private FilesBuilder(String name) {
      this.name = checkName(name);
      this.source = new S3Source(name);
    }

    /** The client (this or {@link #client(Supplier)} is required); the port never closes it. */
    public FilesBuilder client(S3Client client) {
      source.client(client);
      return this;
    }

    /**
     * Where to get the client when the port first calls S3 (a run, a read, a descriptor with the
     * endpoint), not before: declaring the port, or a product with it, creates no client, so a
     * test that swaps the port ({@code product.withOutput(...)}) never pays for one. Called at
     * most once per port; the client is never closed by the port.
     *
     * <pre>{@code
     * .client(() -> S3Client.builder().region(Region.EU_WEST_1).build())
     * }</pre>
     */
    public FilesBuilder client(Supplier<S3Client> client) {
      source.client(client);
      return this;
    }

    /** The bucket (required). */
    public FilesBuilder bucket(String bucket) {
      source.bucket(bucket);
      return this;
    }

    /** The schema the product expects of this input (required). */
    public FilesBuilder schema(Schema schema) {
      this.schema = Objects.requireNonNull(schema, "schema");
      return this;
    }

    /**
     * The key prefix to read (required), e.g. {@code orders/2024-01-31/}; taken as is, so {@code
     * orders/2024-} matches every key starting with it. Empty reads the whole bucket.
     */
    public FilesBuilder prefix(String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      this.prefix = prefix.startsWith("/") ? prefix.substring(1) : prefix;
      return this;
    }

    /** The format of the files (default {@link Formats#jsonLines()}). */
    public FilesBuilder format(FileFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /** Reads only keys ending with this (default: the format's extension; "" for every key). */
    public FilesBuilder suffix(String suffix) {
      this.suffix = Objects.requireNonNull(suffix, "suffix");
      return this;
    }

    /**
     * What a record the format cannot read as a row does: {@link Action#FAIL} (the
     * default) fails the read with an error naming the object and the line; {@link
     * Action#QUARANTINE} quarantines the record and reads on. A malformed record is a
     * line that is not one JSON object (JSON Lines; also an object spread over several lines) or
     * a CSV record whose number of fields differs from the header's, or with text after a
     * closing quote. A quarantined record counts as read and as quarantined under the rule
     * {@code malformed}; the quarantine keeps its text ({@code {"raw": "..."}}, at most 64 Ki
     * characters), while the reason, which reaches spans and logs, names the object and line
     * only. A file that cannot be read on at all (a quoted CSV field never closed, a corrupt
     * gzip stream) still fails the read.
     *
     * <pre>{@code
     * InputPort landing = S3InputPort.files("vendor-feed")
     *     .client(s3).bucket("landing").prefix("vendor/2026-11-21/")
     *     .schema(FEED)
     *     .onMalformed(Action.QUARANTINE)
     *     .build();
     * }</pre>
     */
    public FilesBuilder onMalformed(Action action) {
      if (Objects.requireNonNull(action, "action") == Action.WARN) {
        throw new IllegalArgumentException("onMalformed(WARN): a record that is not a row cannot"
            + " be published nor dropped silently; use QUARANTINE or FAIL");
      }
      this.onMalformed = action;
      return this;
    }

    /**
     * The port.
     *
     * @throws IllegalArgumentException naming the missing setting
     */
    public InputPort build() {
      source.check(prefix);
      if (schema == null) {
        throw new IllegalArgumentException("Input port '" + name + "' has no schema; set"
            + " schema(...) to the fields this product expects");
      }
      return S3Ports.filesInput(name, schema, source.client(), source.bucket(), prefix, format,
          suffix != null ? suffix : format.extension(), onMalformed);
    }
  }
}
