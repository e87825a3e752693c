package dev.dataproduct.parquet;

import org.apache.hadoop.conf.Configuration;

/** The Hadoop configuration parquet-java needs, without Hadoop's default resource files. */
final class Hadoop {
  private Hadoop() {}

  static Configuration configuration() {
    return new Configuration(false);
  }
}
