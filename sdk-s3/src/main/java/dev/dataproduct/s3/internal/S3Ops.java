package dev.dataproduct.s3.internal;

import dev.dataproduct.StorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 calls the ports make, on one bucket, each translating AWS exceptions to {@link
 * StorageException}. Retries are the client's: its retry strategy applies to every call.
 * Thread-safe (the client is).
 */
final class S3Ops {
  private final Supplier<S3Client> client;
  private final Object clientLock = new Object();
  private volatile S3Client s3;
  private final String bucket;

  /** The client is obtained from {@code client} on the first call, once. */
  public S3Ops(Supplier<S3Client> client, String bucket) {
    this.client = Objects.requireNonNull(client, "client");
    this.bucket = Objects.requireNonNull(bucket, "bucket");
  }

  private S3Client s3() {
    S3Client c = s3;
    if (c == null) {
      synchronized (clientLock) {
        c = s3;
        if (c == null) {
          c = client.get();
          if (c == null) {
            throw new IllegalStateException("The S3 client supplier of bucket '" + bucket
                + "' returned null");
          }
          s3 = c;
        }
      }
    }
    return c;
  }

  public String bucket() {
    return bucket;
  }

  /** The endpoint the client was configured with, for S3-compatible servers. */
  public Optional<java.net.URI> endpoint() {
    try {
      return s3().serviceClientConfiguration().endpointOverride();
    } catch (RuntimeException e) {
      return Optional.empty(); // a client implementation without a configuration
    }
  }

  /** {@code s3://bucket/key}. */
  public String uri(String key) {
    return "s3://" + bucket + "/" + key;
  }

  /** A small object and its ETag. */
  public record Blob(byte[] bytes, String etag) {}

  /** The object, or empty when the key does not exist. */
  public Optional<Blob> get(String key) {
    try {
      ResponseBytes<GetObjectResponse> r = s3().getObjectAsBytes(b -> b.bucket(bucket).key(key));
      return Optional.of(new Blob(r.asByteArray(), r.response().eTag()));
    } catch (SdkException e) {
      if (S3Errors.isNoSuchKey(e)) {
        return Optional.empty();
      }
      throw S3Errors.wrap(e, "GetObject", bucket, key);
    }
  }

  /** A stream over the object; the caller closes it. */
  public ResponseInputStream<GetObjectResponse> open(String key) {
    try {
      return s3().getObject(b -> b.bucket(bucket).key(key));
    } catch (SdkException e) {
      throw S3Errors.wrap(e, "GetObject", bucket, key);
    }
  }

  /** The precondition of a conditional write. */
  public enum Condition {
    NONE,
    /** {@code If-None-Match: *}: only when the key does not exist. */
    ABSENT,
    /** {@code If-Match: etag}: only when the object still has that ETag. */
    UNCHANGED
  }

  /**
   * Writes a small object.
   *
   * @param etag the ETag the object must still have, for {@link Condition#UNCHANGED}
   * @return the new ETag, or empty when the precondition failed (HTTP 412)
   */
  public Optional<String> put(String key, byte[] body, String contentType, Condition condition,
      String etag) {
    PutObjectRequest.Builder b = PutObjectRequest.builder().bucket(bucket).key(key)
        .contentType(contentType).contentLength((long) body.length);
    if (condition == Condition.ABSENT) {
      b.ifNoneMatch("*");
    } else if (condition == Condition.UNCHANGED) {
      b.ifMatch(Objects.requireNonNull(etag, "etag"));
    }
    try {
      return Optional.of(s3().putObject(b.build(), RequestBody.fromContentProvider(
          () -> new ByteArrayInputStream(body), body.length, contentType)).eTag());
    } catch (SdkException e) {
      if (condition != Condition.NONE && S3Errors.isPreconditionFailed(e)) {
        return Optional.empty();
      }
      throw S3Errors.wrap(e, "PutObject", bucket, key);
    }
  }

  /**
   * Uploads a whole object from {@code buf[0..length)} without copying it.
   *
   * @param crc32c the object's CRC32C (base64) for S3 to verify on receipt, or null
   */
  public String putBuffer(String key, byte[] buf, int length, String contentType,
      String crc32c) {
    try {
      return s3().putObject(b -> {
        b.bucket(bucket).key(key).contentType(contentType).contentLength((long) length);
        if (crc32c != null) {
          b.checksumCRC32C(crc32c);
        }
      }, RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buf, 0, length), length,
          contentType)).eTag();
    } catch (SdkException e) {
      throw S3Errors.wrap(e, "PutObject", bucket, key);
    }
  }

  /** Keys (with sizes) under {@code prefix}, ascending, after {@code startAfter} if given. */
  public List<S3Object> list(String prefix, String startAfter) {
    ListObjectsV2Request.Builder req = ListObjectsV2Request.builder().bucket(bucket)
        .prefix(prefix);
    if (startAfter != null) {
      req.startAfter(startAfter);
    }
    try {
      List<S3Object> out = new ArrayList<>();
      for (ListObjectsV2Response page : s3().listObjectsV2Paginator(req.build())) {
        out.addAll(page.contents());
      }
      return out;
    } catch (SdkException e) {
      throw S3Errors.wrap(e, "ListObjectsV2", bucket, prefix);
    }
  }

  /** The "directories" right under {@code prefix} (which ends with '/'), with their '/'. */
  public List<String> listDirectories(String prefix) {
    try {
      List<String> out = new ArrayList<>();
      for (ListObjectsV2Response page : s3().listObjectsV2Paginator(b -> b.bucket(bucket)
          .prefix(prefix).delimiter("/"))) {
        for (CommonPrefix p : page.commonPrefixes()) {
          out.add(p.prefix());
        }
      }
      return out;
    } catch (SdkException e) {
      throw S3Errors.wrap(e, "ListObjectsV2", bucket, prefix);
    }
  }

  /** Deletes the keys, 1,000 per request; missing keys are fine. */
  public void delete(Collection<String> keys) {
    List<ObjectIdentifier> batch = new ArrayList<>();
    for (String k : keys) {
      batch.add(ObjectIdentifier.builder().key(k).build());
      if (batch.size() == 1000) {
        deleteBatch(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      deleteBatch(batch);
    }
  }

  private void deleteBatch(List<ObjectIdentifier> ids) {
    String first = ids.get(0).key();
    DeleteObjectsResponse r;
    try {
      r = s3().deleteObjects(b -> b.bucket(bucket)
          .delete(Delete.builder().objects(ids).quiet(true).build()));
    } catch (SdkException e) {
      throw S3Errors.wrap(e, "DeleteObjects", bucket, first);
    }
    if (r.hasErrors() && !r.errors().isEmpty()) {
      S3Error err = r.errors().get(0);
      throw new StorageException("S3 DeleteObjects could not delete " + r.errors().size()
          + " of " + ids.size() + " objects, e.g. " + uri(err.key()) + ": " + err.message(),
          err.code(), new IOException("DeleteObjects: " + err.code()));
    }
  }

  /**
   * Starts a multipart upload and returns its id.
   *
   * @param checksums whether parts will carry CRC32C checksums
   */
  public String createUpload(String key, String contentType, boolean checksums) {
    try {
      return s3().createMultipartUpload(b -> {
        b.bucket(bucket).key(key).contentType(contentType);
        if (checksums) {
          b.checksumAlgorithm(ChecksumAlgorithm.CRC32_C);
        }
      }).uploadId();
    } catch (SdkException e) {
      throw S3Errors.wrap(e, "CreateMultipartUpload", bucket, key);
    }
  }

  /**
   * Uploads {@code buf[0..length)} as part {@code part} without copying it.
   *
   * @param crc32c the part's CRC32C (base64) for S3 to verify on receipt, or null
   * @return the part as the completion request lists it
   */
  public CompletedPart uploadPart(String key, String uploadId, int part, byte[] buf, int length,
      String crc32c) {
    try {
      String etag = s3().uploadPart(b -> {
        b.bucket(bucket).key(key).uploadId(uploadId).partNumber(part)
            .contentLength((long) length);
        if (crc32c != null) {
          b.checksumCRC32C(crc32c);
        }
      }, RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buf, 0, length), length,
          "application/octet-stream")).eTag();
      return CompletedPart.builder().partNumber(part).eTag(etag).checksumCRC32C(crc32c).build();
    } catch (SdkException e) {
      throw S3Errors.wrap(e, "UploadPart", bucket, key);
    }
  }

  /** Completes a multipart upload; returns the object's ETag. */
  public String completeUpload(String key, String uploadId, List<CompletedPart> parts) {
    try {
      return s3().completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
          .multipartUpload(m -> m.parts(parts))).eTag();
    } catch (SdkException e) {
      throw S3Errors.wrap(e, "CompleteMultipartUpload", bucket, key);
    }
  }

  /** Aborts a multipart upload; an upload that no longer exists is fine. */
  public void abortUpload(String key, String uploadId) {
    try {
      s3().abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
    } catch (SdkException e) {
      if (S3Errors.isNoSuchKey(e)) {
        return;
      }
      throw S3Errors.wrap(e, "AbortMultipartUpload", bucket, key);
    }
  }

  /** Multipart uploads in progress under {@code prefix}. */
  public List<MultipartUpload> uploads(String prefix) {
    try {
      List<MultipartUpload> out = new ArrayList<>();
      for (var page : s3().listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(prefix))) {
        out.addAll(page.uploads());
      }
      return out;
    } catch (SdkException e) {
      throw S3Errors.wrap(e, "ListMultipartUploads", bucket, prefix);
    }
  }
}
