package dev.dataproduct.s3.internal;

import dev.dataproduct.testing.s3.EmbeddedS3Extension;
import static dev.dataproduct.s3.S3Fixtures.orders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.Publication;
import dev.dataproduct.s3.S3Fixtures;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What the commit protocol relies on: the embedded server honours {@code If-None-Match: *} and
 * {@code If-Match}; and a server that ignores them is detected and still gets correct
 * single-writer commits.
 */
class ConditionalWritesTest {
  @RegisterExtension static final EmbeddedS3Extension S3 = EmbeddedS3Extension.create();

  private final String bucket = S3.newBucket();

  @Test
  void embeddedS3Proxy_refusesSecondCreateAndStaleReplace_with412() {
    S3Client s3 = S3.client();
    String etag = s3.putObject(b -> b.bucket(bucket).key("k").ifNoneMatch("*"),
        RequestBody.fromString("one")).eTag();

    assertThatThrownBy(() -> s3.putObject(b -> b.bucket(bucket).key("k").ifNoneMatch("*"),
        RequestBody.fromString("two")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
    String next = s3.putObject(b -> b.bucket(bucket).key("k").ifMatch(etag),
        RequestBody.fromString("three")).eTag();
    assertThatThrownBy(() -> s3.putObject(b -> b.bucket(bucket).key("k").ifMatch(etag),
        RequestBody.fromString("four")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String())
        .isEqualTo("three");
    assertThat(next).isNotEqualTo(etag);
  }

  @Test
  void store_onEmbeddedS3Proxy_detectsConditionalWrites() {
    S3PublicationStore store = store(S3.client());
    assertThat(store.conditionalWrites()).isTrue();
    assertThat(S3Fixtures.keys(S3.client(), bucket, "p/_probe/")).isEmpty();
  }

  @Test
  void store_onServerIgnoringConditionalHeaders_detectsItAndStillCommitsOneWriterCorrectly() {
    try (S3Client ignoring = S3.server().clientWith(new StripConditions())) {
      S3PublicationStore store = store(ignoring);
      assertThat(store.conditionalWrites()).isFalse();

      Publication p1 = S3Fixtures.publish(store, orders(1, 5));
      Publication p2 = S3Fixtures.publish(store, orders(10, 7));

      assertThat(List.of(p1.id(), p2.id())).containsExactly(1L, 2L);
      assertThat(store.publications()).extracting(Publication::rows).containsExactly(5L, 7L);
    }
  }

  private S3PublicationStore store(S3Client client) {
    return S3PublicationStore.create(new S3PublicationStore.Settings("orders", new S3Ops(() -> client,
        bucket), "p", dev.dataproduct.format.Formats.jsonLines(), 8 << 20, 1L << 30, 2, true,
        Retention.KEEP_ALL), Clock.systemUTC());
  }

  /** Plays a server that ignores conditional writes: the headers never reach it. */
  static final class StripConditions implements ExecutionInterceptor {
    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context,
        ExecutionAttributes attributes) {
      return context.httpRequest().toBuilder().removeHeader("If-None-Match")
          .removeHeader("If-Match").build();
    }
  }
}
