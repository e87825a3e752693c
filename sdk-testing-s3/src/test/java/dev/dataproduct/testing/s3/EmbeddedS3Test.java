package dev.dataproduct.testing.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

class EmbeddedS3Test {

  @Test
  void start_asAPlainObject_servesPutGetAndStopsOnClose() {
    EmbeddedS3 s3 = EmbeddedS3.start();
    S3Client other;
    try {
      String bucket = s3.newBucket();
      s3.client().putObject(b -> b.bucket(bucket).key("a/b.txt"), RequestBody.fromString("hello"));
      assertThat(s3.client().getObjectAsBytes(b -> b.bucket(bucket).key("a/b.txt")).asUtf8String())
          .isEqualTo("hello");
      assertThat(s3.endpoint().toString()).isEqualTo("http://127.0.0.1:" + s3.port());
      other = s3.clientWith(EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY);
    } finally {
      s3.close();
    }
    try (S3Client c = other) {
      assertThatThrownBy(() -> c.listBuckets()).isInstanceOf(SdkClientException.class);
    }
  }

  @Test
  void clientWith_wrongSecret_isRefused() {
    try (EmbeddedS3 s3 = EmbeddedS3.start();
        S3Client wrong = s3.clientWith(EmbeddedS3.ACCESS_KEY, "not-the-secret")) {
      assertThatThrownBy(wrong::listBuckets).isInstanceOf(S3Exception.class);
    }
  }

  @Test
  void startOnDisk_keepsObjectsUnderTheDirectory(@TempDir Path dir) throws Exception {
    try (EmbeddedS3 s3 = EmbeddedS3.startOnDisk(dir)) {
      s3.createBucket("kept");
      s3.client().putObject(b -> b.bucket("kept").key("k"), RequestBody.fromString("v"));
    }
    try (var files = Files.walk(dir)) {
      assertThat(files.filter(Files::isRegularFile)).isNotEmpty();
    }
  }

  @Test
  void startAndRequests_logNothingBelowWarn() {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (EmbeddedS3 s3 = EmbeddedS3.start()) {
      String bucket = s3.newBucket();
      s3.client().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v"));
      s3.client().getObjectAsBytes(b -> b.bucket(bucket).key("k"));
    } finally {
      System.setErr(original);
    }
    assertThat(System.getProperty("org.slf4j.simpleLogger.log.org.gaul")).isEqualTo("warn");
    assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain(" INFO ", " DEBUG ");
  }
}
