package dev.dataproduct.s3;

import dev.dataproduct.OutputPort;
import dev.dataproduct.format.FileFormat;
import dev.dataproduct.format.Formats;
import dev.dataproduct.s3.internal.S3Ports;
import dev.dataproduct.spi.PublicationStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An output port publishing to S3 (or any S3-compatible store) through the AWS SDK v2: rows
 * streamed into data files with multipart upload and bounded memory, a manifest per publication,
 * and a pointer moved atomically to the newest one. See the package documentation for the layout
 * and the commit protocol.
 *
 * <pre>{@code
 * S3Client s3 = S3Client.builder().region(Region.EU_WEST_1).build();   // yours: endpoint,
 *                                                                         // credentials, retries
 * OutputPort lake = S3OutputPort.builder("revenue-lake")
 *     .client(s3)
 *     .bucket("lake")
 *     .prefix("sales/daily-revenue")
 *     .format(Formats.jsonLines())
 *     .contract(contract)
 *     .retainLast(30)
 *     .build();
 * }</pre>
 *
 * <p>Memory per publication being written is at most {@code (uploadConcurrency + 1) x partSize}
 * (24 MiB with the defaults) plus 4 batches of rows, whatever the size of the publication: the
 * port encodes on its own thread while the run checks the next batch, and one part is encoded
 * while the others upload. Retries are the client's: configure its retry strategy (for example {@code
 * ClientOverrideConfiguration.builder().retryStrategy(...)}); S3 errors surface as {@link
 * dev.dataproduct.StorageException} with the S3 error code as vendor code. The client is never
 * closed by the port.
 *
 * <p>The port's store uploads on daemon threads of its own, named {@code
 * dataproduct-s3-upload-{port}-{n}}, which idle out after 30 seconds. Closing the product that
 * holds the port ({@link dev.dataproduct.DataProduct#close()}) shuts them down; the client stays
 * open and usable.
 */
public final class S3OutputPort {
  /** Default part size: 8 MiB. */
  public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;
  /** Smallest part size S3 accepts (except for a file's last part): 5 MiB. */
  public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
  /** Largest part size this port buffers: 512 MiB. */
  public static final int MAX_PART_SIZE = 512 * 1024 * 1024;
  /** Default size at which data files roll over: 256 MiB. */
  public static final long DEFAULT_MAX_FILE_SIZE = 256L * 1024 * 1024;
  /** Default number of parts uploading while the next one is encoded. */
  public static final int DEFAULT_UPLOAD_CONCURRENCY = 2;

  private S3OutputPort() {}

  /** A builder of an S3 output port named {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Builds an S3 output port. Required: {@link #client}, {@link #bucket}, {@link #prefix} and
   * (inherited) {@link #contract}.
   */
  public static final class Builder extends OutputPort.Builder<Builder> {
    private Supplier<S3Client> client;
    private String bucket;
    private String prefix;
    private FileFormat format = Formats.jsonLines();
    private int partSize = DEFAULT_PART_SIZE;
    private long maxFileSize = DEFAULT_MAX_FILE_SIZE;
    private int uploadConcurrency = DEFAULT_UPLOAD_CONCURRENCY;
    private boolean uploadChecksums = true;
    private int retainLast;
    private Duration retainFor;
    private Clock clock = Clock.systemUTC();

    private Builder(String name) {
      super(name);
    }

    /** The client (this or {@link #client(Supplier)} is required); the port never closes it. */
    public Builder client(S3Client client) {
      Objects.requireNonNull(client, "client");
      this.client = () -> client;
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
    public Builder client(Supplier<S3Client> client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** The bucket (required). */
    public Builder bucket(String bucket) {
      Objects.requireNonNull(bucket, "bucket");
      if (bucket.isBlank() || bucket.contains("/")) {
        throw new IllegalArgumentException("Output port '" + name() + "': bucket '" + bucket
            + "' is not a bucket name; give the bucket alone and the path in prefix()");
      }
      this.bucket = bucket;
      return this;
    }

    /**
     * The key prefix the port owns (required), e.g. {@code sales/daily-revenue}; leading and
     * trailing slashes are ignored. Two ports must not share a prefix.
     */
    public Builder prefix(String prefix) {
      this.prefix = S3Ports.normalizePrefix(Objects.requireNonNull(prefix, "prefix"),
          "Output port '" + name() + "': prefix");
      return this;
    }

    /** The format of the data files (default {@link Formats#jsonLines()}). */
    public Builder format(FileFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /**
     * The size of multipart upload parts, between {@value #MIN_PART_SIZE} and {@value
     * #MAX_PART_SIZE} bytes (default 8 MiB).
     */
    public Builder partSize(int bytes) {
      if (bytes < MIN_PART_SIZE || bytes > MAX_PART_SIZE) {
        throw new IllegalArgumentException("Output port '" + name() + "': part size must be"
            + " between " + MIN_PART_SIZE + " (5 MiB, the S3 minimum) and " + MAX_PART_SIZE
            + " bytes, was " + bytes);
      }
      this.partSize = bytes;
      return this;
    }

    /**
     * The size at which a data file is closed and the next one started, at least 1 KiB (default
     * 256 MiB). A file may exceed it by one row.
     */
    public Builder maxFileSize(long bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("Output port '" + name() + "': max file size must"
            + " be at least 1024 bytes, was " + bytes);
      }
      this.maxFileSize = bytes;
      return this;
    }

    /**
     * How many parts upload at once while the next one is encoded, 1 to 64 (default 2). Memory
     * per publication is {@code (uploadConcurrency + 1) x partSize}.
     */
    public Builder uploadConcurrency(int parts) {
      if (parts < 1 || parts > 64) {
        throw new IllegalArgumentException("Output port '" + name() + "': upload concurrency"
            + " must be between 1 and 64, was " + parts);
      }
      this.uploadConcurrency = parts;
      return this;
    }

    /**
     * Whether every part (and every single-PUT file) is sent with its CRC32C, so that S3
     * verifies it on receipt and rejects a corrupted upload (default true). The checksum is
     * computed on the upload threads. Turn it off for S3-compatible servers that reject the
     * {@code x-amz-checksum-crc32c} header; the manifest's per-file CRC32C, verified by readers,
     * is kept either way.
     */
    public Builder uploadChecksums(boolean enabled) {
      this.uploadChecksums = enabled;
      return this;
    }

    /**
     * Keeps the newest {@code count} publications of each contract major version; older ones are
     * deleted after each commit (manifest first, then files), so a new major published side by
     * side never expires the old major's. Combined with {@link #retainFor}, a publication stays
     * while either keeps it. Default: the contract's retention if it declares one, else keep all.
     */
    public Builder retainLast(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("Output port '" + name() + "': retainLast must be"
            + " >= 1, was " + count);
      }
      this.retainLast = count;
      return this;
    }

    /**
     * Keeps publications committed within {@code age}; older ones are deleted after each commit.
     * The newest publication of each contract major version is always kept, however old (what
     * readers pinned to that major read). Combined with {@link #retainLast}, a publication stays
     * while either keeps it.
     */
    public Builder retainFor(Duration age) {
      Objects.requireNonNull(age, "age");
      if (age.isNegative() || age.isZero()) {
        throw new IllegalArgumentException("Output port '" + name() + "': retainFor must be"
            + " positive, was " + age);
      }
      this.retainFor = age;
      return this;
    }

    /** The clock commit times and retention use (tests). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    @Override
    protected PublicationStore createStore() {
      if (client == null) {
        throw new IllegalArgumentException("Output port '" + name() + "' has no S3 client;"
            + " set client(S3Client)");
      }
      if (bucket == null) {
        throw new IllegalArgumentException("Output port '" + name() + "' has no bucket;"
            + " set bucket(...)");
      }
      if (prefix == null) {
        throw new IllegalArgumentException("Output port '" + name() + "' has no prefix;"
            + " set prefix(...), e.g. 'sales/" + name() + "'");
      }
      Duration age = retainFor;
      if (retainLast == 0 && age == null && contract().retention().isPresent()) {
        age = contract().retention().get();
      }
      return S3Ports.store(name(), client, bucket, prefix, format, partSize, maxFileSize,
          uploadConcurrency, uploadChecksums, retainLast, age, clock);
    }
  }
}
