package dev.dataproduct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SemanticVersionTest {

  @Test
  void parse_readsAllParts() {
    SemanticVersion v = SemanticVersion.parse("2.10.3-rc.1+build.7");
    assertThat(v.major()).isEqualTo(2);
    assertThat(v.minor()).isEqualTo(10);
    assertThat(v.patch()).isEqualTo(3);
    assertThat(v.preRelease()).isEqualTo("rc.1");
    assertThat(v.build()).isEqualTo("build.7");
    assertThat(v).hasToString("2.10.3-rc.1+build.7");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "1.0", "01.0.0", "1.0.0.0", "v1.0.0", "1.0.0-", "", "a.b.c",
      "99999999999.0.0"})
  void parse_invalid_namesTheTextAndTheExpectedForm(String text) {
    assertThatThrownBy(() -> SemanticVersion.parse(text))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + text + "'");
  }

  @Test
  void compareTo_ordersByNumbersThenPreReleaseBeforeRelease() {
    assertThat(SemanticVersion.parse("1.2.3")).isLessThan(SemanticVersion.parse("1.10.0"));
    assertThat(SemanticVersion.parse("2.0.0-rc.1")).isLessThan(SemanticVersion.parse("2.0.0"));
    assertThat(SemanticVersion.parse("1.0.0")).isGreaterThan(SemanticVersion.parse("0.9.9"));
  }
}
