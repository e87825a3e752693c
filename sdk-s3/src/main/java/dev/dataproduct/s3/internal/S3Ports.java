package dev.dataproduct.s3.internal;

import dev.dataproduct.InputPort;
import dev.dataproduct.Schema;
import dev.dataproduct.format.FileFormat;
import dev.dataproduct.policy.Action;
import dev.dataproduct.spi.LineageDataset;
import dev.dataproduct.spi.PublicationStore;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the builders of {@code dev.dataproduct.s3} create, so that the rest of this package stays
 * package-private. Not an API: no compatibility promise.
 */
public final class S3Ports {
  private S3Ports() {}

  /** The prefix without leading or trailing slashes; refuses an empty one, naming {@code what}. */
  public static String normalizePrefix(String prefix, String what) {
    return Layout.normalizePrefix(prefix, what);
  }

  /**
   * The OpenLineage dataset of the objects under {@code prefix}: namespace {@code s3://{bucket}},
   * name the key prefix without leading or trailing slash ({@code /} for the whole bucket).
   */
  static LineageDataset lineageDataset(String bucket, String prefix) {
    String p = prefix == null ? "" : prefix;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return LineageDataset.of("s3://" + bucket, p.isEmpty() ? "/" : p);
  }

  /** The store of an S3 output port. */
  public static PublicationStore store(String port, Supplier<S3Client> client, String bucket,
      String prefix, FileFormat format, int partSize, long maxFileSize, int uploadConcurrency,
      boolean uploadChecksums, int retainLast, Duration retainFor, Clock clock) {
    return S3PublicationStore.create(new S3PublicationStore.Settings(port,
        new S3Ops(client, bucket), prefix, format, partSize, maxFileSize, uploadConcurrency,
        uploadChecksums, new Retention(retainLast, retainFor)), clock);
  }

  /**
   * Another product's S3 output port, read only (for {@code S3InputPort.product}, which reads it
   * through the core's {@code ProductInputPort}).
   *
   * @param port the upstream port's name, or null when unknown
   * @param format a format beyond the built-in ones, or null
   */
  public static PublicationStore published(Supplier<S3Client> client, String bucket,
      String prefix, FileFormat format, String port) {
    return new PublishedStore(new PortCatalog(new S3Ops(client, bucket), new Layout(prefix),
        format), port);
  }

  /** An input port reading the raw files under a prefix. */
  public static InputPort filesInput(String name, Schema schema, Supplier<S3Client> client,
      String bucket, String prefix, FileFormat format, String suffix, Action onMalformed) {
    return new FilesInputPort(name, schema, new S3Ops(client, bucket), prefix, format, suffix,
        onMalformed);
  }
}
