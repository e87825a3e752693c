package dev.dataproduct.testing;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static dev.dataproduct.testing.Fixtures.cleanContract;

import dev.dataproduct.OutputPort;
import dev.dataproduct.policy.Action;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * What a port does with a row that does not match its schema is a {@link Action}, the enum rules
 * use: {@code QUARANTINE} (the default) or {@code FAIL}; {@code WARN} would publish a row that
 * does not conform, and is refused when the port is built.
 */
class OnNonConformingTest {

  @Test
  void onNonConforming_defaultsToQuarantine_andTakesFail() {
    assertThat(InMemoryOutputPort.create("out", cleanContract()).onNonConforming())
        .isEqualTo(Action.QUARANTINE);
    assertThat(InMemoryOutputPort.builder("out").contract(cleanContract())
        .onNonConforming(Action.FAIL).build().onNonConforming()).isEqualTo(Action.FAIL);
  }

  @Test
  void onNonConforming_warn_isRefused_namingThePort() {
    OutputPort.Builder<?> builder = InMemoryOutputPort.builder("orders-out");

    Assertions.assertThatThrownBy(() -> builder.onNonConforming(Action.WARN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'orders-out'")
        .hasMessageContaining("use QUARANTINE or FAIL");
  }
}
