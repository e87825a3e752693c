package dev.dataproduct.s3.internal;

import dev.dataproduct.InputPort;
import dev.dataproduct.Schema;
import dev.dataproduct.format.FileFormat;
import dev.dataproduct.policy.Action;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.LineageDataset;
import dev.dataproduct.spi.ReadContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Plain files under a prefix, for raw ingestion: keys ending with the suffix, or with the suffix
 * and {@code .gz}; gzip-compressed objects are decompressed while they stream. See {@code
 * S3InputPort.files}.
 */
final class FilesInputPort implements InputPort {
  private static final Logger LOG = LoggerFactory.getLogger(FilesInputPort.class);

  private final String name;
  private final Schema schema;
  private final S3Ops ops;
  private final String prefix;
  private final FileFormat format;
  private final String suffix;
  private final Action onMalformed;

  /**
   * @param onMalformed what a record the format cannot read as a row does to the read
   */
  public FilesInputPort(String name, Schema schema, S3Ops ops, String prefix, FileFormat format,
      String suffix, Action onMalformed) {
    this.name = name;
    this.schema = schema;
    this.ops = ops;
    this.prefix = prefix;
    this.format = format;
    this.suffix = suffix;
    this.onMalformed = onMalformed;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public String type() {
    return "s3";
  }

  /** {@code s3://{bucket}} and the key prefix the files are under (OpenLineage naming). */
  @Override
  public Optional<LineageDataset> lineageDataset() {
    return Optional.of(S3Ports.lineageDataset(ops.bucket(), prefix));
  }

  @Override
  public BatchReader read(ReadContext context) {
    context.setAttribute("aws.s3.bucket", ops.bucket());
    List<ObjectsReader.Source> sources = new ArrayList<>();
    for (S3Object o : ops.list(prefix, null)) {
      String key = o.key();
      if (key.endsWith("/") || !selects(key)) {
        continue; // folder markers and other files
      }
      sources.add(ObjectsReader.Source.unverified(key));
    }
    if (sources.isEmpty()) {
      LOG.info("Input port '{}': no {}[.gz] files under s3://{}/{}", name, suffix, ops.bucket(),
          prefix);
    }
    return new ObjectsReader(ops, sources, format, schema, context.batchSize(),
        "input port '" + name + "'", true,
        onMalformed == Action.QUARANTINE ? context : null);
  }

  /** Ends with the suffix, or with the suffix and {@code .gz} (in any case). */
  private boolean selects(String key) {
    if (key.endsWith(suffix)) {
      return true;
    }
    int gz = key.length() - 3;
    return gz >= suffix.length() && key.regionMatches(true, gz, ".gz", 0, 3)
        && key.startsWith(suffix, gz - suffix.length());
  }

  @Override
  public String toString() {
    return "S3InputPort.files{" + name + ", s3://" + ops.bucket() + "/" + prefix + "*" + suffix
        + "[.gz], " + format.name() + ", malformed records: " + onMalformed + "}";
  }
}
