package dev.dataproduct.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The schema validation the other tests rely on does reject invalid documents. */
class SpecsTest {
  private static final String EVENT = "{\"eventType\":\"START\",\"eventTime\":"
      + "\"2026-01-01T00:00:00Z\",\"producer\":\"https://x.example\",\"schemaURL\":"
      + "\"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent\","
      + "\"run\":{\"runId\":\"3f2b1c9e-7d2a-4c1e-9b1a-2f4e5d6c7b8a\",\"facets\":%s},"
      + "\"job\":{\"namespace\":\"n\",\"name\":\"j\"}}";

  @Test
  void openLineage_validEvent_passes_missingJobOrBadFacet_fails() {
    assertThat(Specs.openLineageErrors(Specs.yaml(String.format(EVENT, "{}")))).isEmpty();
    assertThat(Specs.openLineageErrors(Specs.yaml(String.format(EVENT, "{}")
        .replace(",\"job\":{\"namespace\":\"n\",\"name\":\"j\"}", "")))).isNotEmpty();
    assertThat(Specs.openLineageErrors(Specs.yaml(String.format(EVENT,
        "{\"errorMessage\":{\"_producer\":\"https://x.example\",\"_schemaURL\":"
            + "\"https://x.example/s\",\"message\":\"m\"}}"))))
        .anySatisfy(e -> assertThat(e).contains("programmingLanguage"));
    assertThat(Specs.openLineageErrors(Specs.yaml(String.format(EVENT,
        "{\"dataproduct_trace\":{\"_producer\":\"https://x.example\",\"_schemaURL\":"
            + "\"https://x.example/s\",\"traceId\":\"not-hex\",\"spanId\":\"00f067aa0ba902b7\"}}"))))
        .anySatisfy(e -> assertThat(e).contains("traceId"));
  }

  @Test
  void odcsAndOdps_invalidDocuments_fail() {
    assertThat(Specs.odcsErrors(Specs.yaml("apiVersion: v3.1.0\nkind: DataContract\n")))
        .isNotEmpty();
    assertThat(Specs.odpsErrors(Specs.yaml("apiVersion: v1.1.0\nkind: DataProduct\n"),
        "1.1.0")).isNotEmpty();
    assertThat(Specs.odpsErrors(Specs.yaml("apiVersion: v1.1.0\nkind: DataProduct\nid: x\n"),
        "1.1.0")).isEmpty();
  }
}
