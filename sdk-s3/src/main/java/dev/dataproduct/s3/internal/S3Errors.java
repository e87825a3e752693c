package dev.dataproduct.s3.internal;

import dev.dataproduct.StorageException;
import dev.dataproduct.VendorException;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns AWS SDK exceptions into {@link StorageException}s whose message says what failed, where,
 * and what to check. The AWS exception, sanitized, is always the cause; its error code is the vendor code.
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
        // the error code, not the server's text: a server may echo what it was sent
        message = "S3 " + operation + " " + where + " failed with HTTP " + status
            + (code == null ? "" : " (" + code + ")")
            + (status >= 500 ? "; the S3 service failed: retry the run, and check the service's"
                + " health if it persists" : "; check the bucket, the prefix and the request"
                + " the S3 client sends");
      }
      return new StorageException(message, code, sanitize(e));
    }
    if (e instanceof SdkClientException) {
      return new StorageException("S3 " + operation + " " + where + " failed before S3 answered: "
          + clientProblem(e) + "; check the endpoint, the network between this service and S3,"
          + " and the S3 client's configuration (region, credentials, timeouts)", null,
          sanitize(e));
    }
    return new StorageException("S3 " + operation + " " + where + " failed: "
        + clientProblem(e), null, sanitize(e));
  }

  /**
   * What went wrong on the client's side, without quoting anything that was sent: the class of
   * the root cause, with its message only for the JDK's network exceptions (which name hosts and
   * ports, never data).
   */
  static String clientProblem(Throwable e) {
    Throwable root = e;
    for (int i = 0; i < 20 && root.getCause() != null && root.getCause() != root; i++) {
      root = root.getCause();
    }
    boolean network = root instanceof java.net.SocketException
        || root instanceof java.net.UnknownHostException
        || root instanceof java.net.SocketTimeoutException
        || root instanceof java.net.http.HttpTimeoutException
        || root instanceof javax.net.ssl.SSLException;
    return network && root.getMessage() != null ? root.getMessage() + " ("
        + root.getClass().getSimpleName() + ")" : root.getClass().getName();
  }

  /**
   * {@code e} as the SDK may throw it: an SDK exception as it is; anything else (an exception an
   * HTTP client or an interceptor threw past the AWS SDK, which may quote what was sent) as a
   * {@link StorageException} naming its root cause, its chain sanitized.
   */
  public static RuntimeException unexpected(RuntimeException e, String what) {
    if (e instanceof dev.dataproduct.DataProductException) {
      return e;
    }
    return new StorageException(what + " failed: " + clientProblem(e), null, sanitize(e));
  }

  /**
   * {@code e} with its chain sanitized ({@link VendorException}): the S3 error code, HTTP status
   * and request id; never a message (a server may echo what it was sent).
   */
  public static Throwable sanitize(Throwable e) {
    return VendorException.sanitize(e, S3Errors::details);
  }

  private static Map<String, String> details(Throwable t) {
    if (!(t instanceof S3Exception)) {
      return Map.of();
    }
    S3Exception s = (S3Exception) t;
    Map<String, String> d = new LinkedHashMap<>();
    if (s.awsErrorDetails() != null && s.awsErrorDetails().errorCode() != null) {
      d.put("errorCode", s.awsErrorDetails().errorCode());
    }
    d.put("statusCode", Integer.toString(s.statusCode()));
    if (s.requestId() != null) {
      d.put("requestId", s.requestId());
    }
    return d;
  }

  /** The HTTP status of the S3 error behind {@code e} (a {@link StorageException}), or -1. */
  public static int statusCode(StorageException e) {
    if (e.getCause() instanceof VendorException) {
      return ((VendorException) e.getCause()).detail("statusCode").map(Integer::parseInt)
          .orElse(-1);
    }
    return -1;
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
