package dev.dataproduct.bench.s3;

import dev.dataproduct.Row;
import dev.dataproduct.Schema;

/** The S3 benchmark's rows, for benchmarks of other packages. */
public final class S3Rows {
  public static final Schema SCHEMA = S3BenchData.ORDERS;

  private S3Rows() {}

  public static Row[] rows(int n) {
    return S3BenchData.rows(n);
  }
}
