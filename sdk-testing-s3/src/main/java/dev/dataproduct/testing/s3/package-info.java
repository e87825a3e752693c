/**
 * An in-process S3 server for tests and demos: {@link dev.dataproduct.testing.s3.EmbeddedS3} (a
 * plain object) and {@link dev.dataproduct.testing.s3.EmbeddedS3Extension} (JUnit 5).
 */
package dev.dataproduct.testing.s3;
