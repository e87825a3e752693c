package dev.dataproduct.s3.internal;

import java.util.Objects;

/**
 * One data file of a publication, as its manifest lists it.
 *
 * @param path the key relative to the port's prefix
 * @param rows rows in the file
 * @param bytes the object's size
 * @param crc32c the CRC32C of the object's bytes, base64 of the big-endian value (as S3's own
 *     {@code x-amz-checksum-crc32c})
 * @param etag the object's ETag when it was written
 */
record DataFile(String path, long rows, long bytes, String crc32c, String etag) {
  public DataFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(crc32c, "crc32c");
  }
}
