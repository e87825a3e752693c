package dev.dataproduct.testing.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;

class EmbeddedS3ExtensionTest {
  @RegisterExtension static EmbeddedS3Extension s3 = EmbeddedS3Extension.create();

  @Test
  void newBucket_givesEachTestItsOwnBucketOnTheSharedServer() {
    String first = s3.newBucket();
    String second = s3.newBucket();
    s3.client().putObject(b -> b.bucket(first).key("k"), RequestBody.fromString("v"));

    assertThat(first).isNotEqualTo(second);
    assertThat(s3.client().listObjectsV2(b -> b.bucket(second)).contents()).isEmpty();
    assertThat(s3.server().endpoint()).isEqualTo(s3.endpoint());
  }
}
