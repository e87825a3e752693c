package dev.dataproduct.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TestReadContextTest {

  @Test
  void recordsAttributesAndQuarantinedRecords_inOrder_withoutTheSdksOwnNamespace() {
    TestReadContext context = TestReadContext.of("orders").batchSize(7);

    context.setAttribute("aws.s3.bucket", "landing");
    context.setAttribute("dataproduct.port", "spoofed");
    context.setAttribute("db.system.name", "h2");
    context.quarantine("f.csv line 3: 2 fields, but the header has 3", "1,a");
    context.quarantine("f.csv line 9: too long", null);

    assertThat(context.portName()).isEqualTo("orders");
    assertThat(context.batchSize()).isEqualTo(7);
    assertThat(context.attributes()).containsExactly(
        java.util.Map.entry("aws.s3.bucket", "landing"), java.util.Map.entry("db.system.name", "h2"));
    assertThat(context.quarantined()).containsExactly(
        new TestReadContext.Quarantined("f.csv line 3: 2 fields, but the header has 3", "1,a"),
        new TestReadContext.Quarantined("f.csv line 9: too long", null));
    assertThatThrownBy(() -> context.quarantined().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void batchSizeBelowOne_isRefused() {
    assertThatThrownBy(() -> TestReadContext.of("orders").batchSize(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 0");
  }
}
