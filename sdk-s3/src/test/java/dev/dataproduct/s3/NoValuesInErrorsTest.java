package dev.dataproduct.s3;

import dev.dataproduct.testing.s3.EmbeddedS3Extension;
import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.Classification;
import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.StorageException;
import dev.dataproduct.VendorException;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.testing.InMemoryLineageTransport;
import dev.dataproduct.lineage.OpenLineageEmitter;
import dev.dataproduct.testing.DataProductExtension;
import dev.dataproduct.testing.InMemoryInputPort;
import dev.dataproduct.testing.Leaks;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A pii value in a data file never reaches an error, log line, span, meter or lineage event when
 * an S3 upload fails, even when the failure quotes what was sent: a client-side failure whose
 * message holds the request body, and an S3 error response echoing it.
 */
class NoValuesInErrorsTest {
  @RegisterExtension
  static final EmbeddedS3Extension S3 = EmbeddedS3Extension.create();

  @RegisterExtension
  final DataProductExtension dp = DataProductExtension.create();

  private static final Schema PEOPLE = Schema.of(
      Field.required("id", FieldType.INTEGER),
      Field.optional("email", FieldType.STRING).withClassification(Classification.PII));

  /** Fails every data-file upload with an exception quoting the body. */
  private static ExecutionInterceptor quotingTheBody(boolean serverError) {
    return new ExecutionInterceptor() {
      @Override
      public Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context,
          ExecutionAttributes attributes) {
        boolean data = context.request().getValueForField("Key", String.class)
            .map(k -> k.contains("/data/")).orElse(false);
        if (!data || context.requestBody().isEmpty()) {
          return context.requestBody();
        }
        String body;
        try (InputStream in = context.requestBody().get().contentStreamProvider().newStream()) {
          body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        if (serverError) {
          throw S3Exception.builder().statusCode(400).message("Bad body: " + body)
              .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                  .errorCode("InvalidArgument").errorMessage("Rejected " + body).build())
              .build();
        }
        throw new IllegalStateException("Cannot send " + body,
            new IOException("Broken pipe while sending " + body));
      }
    };
  }

  @ParameterizedTest(name = "server error {0}")
  @ValueSource(booleans = {false, true})
  void failedUpload_ofAPiiValue_leaksItNowhere(boolean serverError) {
    String canary = Leaks.canary("s3");
    InMemoryLineageTransport lineage = InMemoryLineageTransport.create();
    Leaks.Captured<RunResult> run;
    try (S3Client failing = S3.server().clientWith(quotingTheBody(serverError));
        OpenLineageEmitter emitter = OpenLineageEmitter.builder(lineage).build()) {
      OutputPort port = S3OutputPort.builder("people").client(failing).bucket(S3.newBucket())
          .prefix("people")
          .contract(DataContract.builder("people").version("1.0.0").schema(PEOPLE).build())
          .build();
      DataProduct product = S3Fixtures.product("people", InMemoryInputPort.of("in", PEOPLE,
          List.of(Row.of(PEOPLE, 1L, canary))), port, dp.telemetry()).toBuilder()
          .listener(emitter).build();
      run = Leaks.capturingOutput(() -> dp.run(product));
    }

    assertThat(run.value()).failed();
    Throwable error = run.value().error().orElseThrow();
    assertThat(error).isInstanceOf(StorageException.class);
    Leaks.assertAbsent(canary, error);
    Leaks.assertAbsent(canary, run.output());
    Leaks.assertAbsent(canary, dp.spans());
    Leaks.assertAbsent(canary, dp.meters());
    assertThat(lineage.events()).isNotEmpty();
    lineage.events().forEach(e -> Leaks.assertAbsent(canary, e));
    assertThat(Leaks.chain(error)).anySatisfy(t -> assertThat(t).isInstanceOf(
        VendorException.class));
  }
}
