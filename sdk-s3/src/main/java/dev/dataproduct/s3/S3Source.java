package dev.dataproduct.s3;

import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/** Where an S3 input port reads: the client and bucket both {@link S3InputPort} builders take. */
final class S3Source {
  private final String port;
  private Supplier<S3Client> client;
  private String bucket;

  S3Source(String port) {
    this.port = port;
  }

  void client(S3Client client) {
    Objects.requireNonNull(client, "client");
    this.client = () -> client;
  }

  void client(Supplier<S3Client> client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  void bucket(String bucket) {
    Objects.requireNonNull(bucket, "bucket");
    if (bucket.isBlank() || bucket.contains("/")) {
      throw new IllegalArgumentException("Input port '" + port + "': bucket '" + bucket
          + "' is not a bucket name; give the bucket alone and the path in prefix()");
    }
    this.bucket = bucket;
  }

  Supplier<S3Client> client() {
    return client;
  }

  String bucket() {
    return bucket;
  }

  /** Throws naming the first missing setting: client, bucket, then prefix. */
  void check(String prefix) {
    if (client == null) {
      throw new IllegalArgumentException("Input port '" + port + "' has no S3 client; set"
          + " client(S3Client)");
    }
    if (bucket == null) {
      throw new IllegalArgumentException("Input port '" + port + "' has no bucket; set"
          + " bucket(...)");
    }
    if (prefix == null) {
      throw new IllegalArgumentException("Input port '" + port + "' has no prefix; set"
          + " prefix(...)");
    }
  }
}
