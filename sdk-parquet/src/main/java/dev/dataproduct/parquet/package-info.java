/**
 * Apache Parquet as a {@link dev.dataproduct.format.FileFormat} for every file adapter ({@code
 * S3OutputPort}, {@code S3InputPort}, a local-file or table adapter): {@link
 * dev.dataproduct.parquet.ParquetFormats#parquet()}, or {@code Formats.parquet()} of sdk-core,
 * which finds this module on the class path. A separate module because parquet-java cannot write
 * without the Hadoop client jars (about 60 MB with Parquet's own): users who never write Parquet
 * do not carry them.
 *
 * <pre>{@code
 * OutputPort lake = S3OutputPort.builder("revenue-lake")
 *     .client(s3).bucket("lake").prefix("sales/daily-revenue")
 *     .format(ParquetFormats.builder().compression(ParquetFormats.Compression.SNAPPY).build())
 *     .contract(contract)
 *     .build();
 * }</pre>
 *
 * <p>Type mapping, exactness and memory: see {@link dev.dataproduct.parquet.ParquetFormats}.
 */
package dev.dataproduct.parquet;
