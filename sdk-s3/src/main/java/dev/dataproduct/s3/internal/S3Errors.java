package dev.dataproduct.s3.internal;

import dev.dataproduct.StorageException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns AWS SDK exceptions into {@link StorageException}s whose message says what failed, where,
 * and what to check. The AWS exception is always the cause; its error code is the vendor code.
 */
final class S3Errors {
  private S3Errors() {}

  /** Wraps {@code e}, thrown by {@code operation} on {@code s3://bucket/key}. */
  public static StorageException wrap(SdkException e, String operation, String bucket,
      String key) {
    String where = "s3://" + bucket + (key == null || key.isEmpty() ? "" : "/" + key);
    if (e instanceof S3Exception) {
      S3Exception s = (S3Exception) e;
      String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
      int status = s.statusCode();
      String message;
      if ("NoSuchBucket".equals(code)) {
        message = "Bucket '" + bucket + "' does not exist (" + operation + " " + where
            + "); create it or fix the port's bucket";
      } else if (status == 403) {
        message = "Access denied to " + where + " (" + operation + ", HTTP 403): the S3 client's"
            + " credentials need permission for " + operation + " on bucket '" + bucket
            + "' and this prefix; check the credentials, the IAM policy and the bucket policy";
      } else if ("NoSuchKey".equals(code) || status == 404) {
        message = where + " does not exist (" + operation + ", HTTP " + status + ")";
      } else {
        String detail = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorMessage();
        message = "S3 " + operation + " " + where + " failed with HTTP " + status
            + (detail == null ? "" : ": " + detail);
      }
      return new StorageException(message, code, e);
    }
    String kind = e instanceof SdkClientException ? "failed before S3 answered" : "failed";
    return new StorageException("S3 " + operation + " " + where + " " + kind + ": "
        + e.getMessage(), null, e);
  }

  /** Whether {@code e} is HTTP 412 Precondition Failed (a conditional write lost). */
  public static boolean isPreconditionFailed(SdkException e) {
    return e instanceof S3Exception && ((S3Exception) e).statusCode() == 412;
  }

  /** Whether {@code e} is HTTP 404 of a missing key (not of a missing bucket). */
  public static boolean isNoSuchKey(SdkException e) {
    if (!(e instanceof S3Exception)) {
      return false;
    }
    S3Exception s = (S3Exception) e;
    String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
    return s.statusCode() == 404 && !"NoSuchBucket".equals(code);
  }
}
