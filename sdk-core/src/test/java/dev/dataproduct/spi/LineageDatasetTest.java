package dev.dataproduct.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LineageDatasetTest {

  @Test
  void location_ofS3Prefix_isTheBucketAndTheKeyWithoutSlashes() {
    assertThat(LineageDataset.location("s3://lake/sales/daily-revenue/"))
        .isEqualTo(LineageDataset.of("s3://lake", "sales/daily-revenue"));
    assertThat(LineageDataset.location("s3a://lake/t"))
        .isEqualTo(LineageDataset.of("s3://lake", "t"));
    assertThat(LineageDataset.location("gs://bucket/a/b"))
        .isEqualTo(LineageDataset.of("gs://bucket", "a/b"));
  }

  @Test
  void location_ofFilesAndHdfs_keepsTheAbsolutePath() {
    assertThat(LineageDataset.location("file:/data/revenue"))
        .isEqualTo(LineageDataset.of("file", "/data/revenue"));
    assertThat(LineageDataset.location("file:///data/revenue/"))
        .isEqualTo(LineageDataset.of("file", "/data/revenue"));
    assertThat(LineageDataset.location("hdfs://nn:8020/warehouse/sales.db/t"))
        .isEqualTo(LineageDataset.of("hdfs://nn:8020", "/warehouse/sales.db/t"));
  }

  @Test
  void location_withoutSchemeOrPath_isRefusedNamingIt() {
    assertThatThrownBy(() -> LineageDataset.location("/data/revenue"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'/data/revenue'");
    assertThatThrownBy(() -> LineageDataset.location("s3://lake"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'s3://lake'");
    assertThatThrownBy(() -> LineageDataset.location("s3://lake/a b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'s3://lake/a b'");
  }

  @Test
  void kafka_isTheFirstBootstrapServerAndTheTopic() {
    assertThat(LineageDataset.kafka("broker-1:9092, broker-2:9092", "orders"))
        .isEqualTo(LineageDataset.of("kafka://broker-1:9092", "orders"));
    assertThat(LineageDataset.kafka("SASL_SSL://broker:9093", "orders").namespace())
        .isEqualTo("kafka://broker:9093");
  }

  @Test
  void blankParts_areRefused() {
    assertThatThrownBy(() -> LineageDataset.of(" ", "t"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("namespace");
    assertThat(LineageDataset.of("memory", "revenue")).hasToString("memory/revenue");
  }
}
