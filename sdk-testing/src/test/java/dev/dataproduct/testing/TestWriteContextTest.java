package dev.dataproduct.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestWriteContextTest {
  private static final DataContract CONTRACT = DataContract.builder("orders")
      .schema(Schema.of(Field.required("id", FieldType.INTEGER))).build();

  @Test
  void recordsAttributes_withoutTheSdksOwnNamespace_andKeepsTheGivenRunId() {
    TestWriteContext context = TestWriteContext.of("orders-lake", CONTRACT).runId("run-7");

    context.setAttribute("aws.s3.bucket", "lake");
    context.setAttribute("dataproduct.port", "spoofed");

    assertThat(context.portName()).isEqualTo("orders-lake");
    assertThat(context.runId()).isEqualTo("run-7");
    assertThat(context.contract()).isSameAs(CONTRACT);
    assertThat(context.attributes()).containsExactly(Map.entry("aws.s3.bucket", "lake"));
  }

  @Test
  void runIds_areUniquePerContext_unlessGiven() {
    assertThat(TestWriteContext.of("p", CONTRACT).runId())
        .isNotEqualTo(TestWriteContext.of("p", CONTRACT).runId());
    assertThatThrownBy(() -> TestWriteContext.of("p", null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("contract");
  }
}
