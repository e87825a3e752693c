package dev.dataproduct.spi;

import java.net.URI;
import java.util.Objects;

/**
 * The identity of a dataset in OpenLineage: a {@code namespace} naming the data source and a
 * {@code name} unique within it, following the OpenLineage dataset naming spec
 * (https://openlineage.io/docs/spec/naming), so that lineage from this SDK joins lineage other
 * producers (Spark, dbt, Airflow) emit for the same table, bucket or topic.
 *
 * <table>
 *   <caption>Names by storage</caption>
 *   <tr><th>storage</th><th>namespace</th><th>name</th></tr>
 *   <tr><td>PostgreSQL</td><td>{@code postgres://{host}:{port}}</td>
 *       <td>{@code {database}.{schema}.{table}}</td></tr>
 *   <tr><td>H2 (SDK scheme)</td><td>{@code h2:mem}, {@code h2:file} or
 *       {@code h2://{host}:{port}}</td><td>{@code {database}.{schema}.{table}}</td></tr>
 *   <tr><td>S3</td><td>{@code s3://{bucket}}</td><td>{@code {key prefix}}</td></tr>
 *   <tr><td>local files</td><td>{@code file}</td><td>{@code {path}}</td></tr>
 *   <tr><td>Kafka</td><td>{@code kafka://{bootstrap host}:{port}}</td><td>{@code {topic}}</td></tr>
 *   <tr><td>Iceberg</td><td>the table location's {@code scheme://authority}</td>
 *       <td>the table location's path</td></tr>
 *   <tr><td>in memory (SDK scheme)</td><td>{@code memory}</td><td>the store's name</td></tr>
 * </table>
 *
 * <p>A store says its dataset through {@link PublicationStore#lineageDataset()}, an input port
 * through {@link dev.dataproduct.InputPort#lineageDataset()}:
 *
 * <pre>{@code
 * @Override
 * public Optional<LineageDataset> lineageDataset() {
 *   return Optional.of(LineageDataset.location("s3://" + bucket + "/" + prefix));
 * }
 * }</pre>
 *
 * <p>Names of storage only: never credentials, query text or values.
 *
 * @param namespace the data source, e.g. {@code postgres://db.corp.example:5432}
 * @param name the dataset within it, e.g. {@code sales.public.daily_revenue}
 */
public record LineageDataset(String namespace, String name) {

  public LineageDataset {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    if (namespace.isBlank() || name.isBlank()) {
      throw new IllegalArgumentException("A lineage dataset needs a namespace and a name, was '"
          + namespace + "' and '" + name + "'");
    }
  }

  /** A dataset with this namespace and name. */
  public static LineageDataset of(String namespace, String name) {
    return new LineageDataset(namespace, name);
  }

  /**
   * The dataset at a storage location, split as the naming spec does for blob stores and file
   * systems: {@code s3://bucket/sales/revenue} is namespace {@code s3://bucket} and name {@code
   * sales/revenue} (the object key, no leading slash), {@code file:/data/revenue} is namespace
   * {@code file} and name {@code /data/revenue}, {@code hdfs://nn:8020/warehouse/t} is namespace
   * {@code hdfs://nn:8020} and name {@code /warehouse/t}. A trailing slash is dropped.
   *
   * @throws IllegalArgumentException when {@code location} is not an absolute URI with a path
   */
  public static LineageDataset location(String location) {
    Objects.requireNonNull(location, "location");
    URI uri;
    try {
      uri = URI.create(location);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Not a storage location: '" + location + "'", e);
    }
    String scheme = uri.getScheme();
    String path = uri.getPath();
    if (scheme == null || path == null || path.isEmpty() || path.equals("/")) {
      throw new IllegalArgumentException("Not a storage location with a path: '" + location
          + "'");
    }
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String authority = uri.getAuthority();
    if (scheme.equals("file") && (authority == null || authority.isEmpty())) {
      return new LineageDataset("file", path);
    }
    if (authority == null || authority.isEmpty()) {
      return new LineageDataset(scheme, path);
    }
    boolean objectStore = scheme.equals("s3") || scheme.equals("s3a") || scheme.equals("gs");
    return new LineageDataset((scheme.equals("s3a") ? "s3" : scheme) + "://" + authority,
        objectStore ? path.substring(1) : path);
  }

  /**
   * A Kafka topic: namespace {@code kafka://{host}:{port}} of the first of the {@code
   * bootstrap.servers} (as the naming spec asks), name the topic.
   */
  public static LineageDataset kafka(String bootstrapServers, String topic) {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(topic, "topic");
    String first = bootstrapServers.split(",")[0].trim();
    int scheme = first.indexOf("://");
    if (scheme >= 0) {
      first = first.substring(scheme + 3);
    }
    return new LineageDataset("kafka://" + first, topic);
  }

  /** The dataset as one URI-like string, {@code namespace/name}. */
  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
