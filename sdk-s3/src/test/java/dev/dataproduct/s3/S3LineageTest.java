package dev.dataproduct.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.InputPort;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.spi.LineageDataset;
import dev.dataproduct.spi.PortStorage;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** S3 ports are OpenLineage datasets {@code s3://{bucket}} and their key prefix. */
class S3LineageTest {
  private static final Schema SCHEMA = Schema.of(Field.required("id", FieldType.INTEGER));

  private static S3Client noClient() {
    throw new AssertionError("naming the dataset needs no S3 call");
  }

  @Test
  void outputPort_isTheBucketAndItsPrefix_andItsQuarantineTheQuarantinePrefix() {
    OutputPort port = S3OutputPort.builder("lake").client(S3LineageTest::noClient)
        .bucket("lake").prefix("/sales/daily-revenue/")
        .contract(DataContract.builder("t").schema(SCHEMA).build()).build();

    try {
      assertThat(PortStorage.store(port).lineageDataset())
          .contains(LineageDataset.of("s3://lake", "sales/daily-revenue"));
      assertThat(PortStorage.quarantine(port).lineageDataset()).hasValueSatisfying(d -> {
        assertThat(d.namespace()).isEqualTo("s3://lake");
        assertThat(d.name()).startsWith("sales/daily-revenue")
            .isNotEqualTo("sales/daily-revenue");
      });
    } finally {
      PortStorage.store(port).close();
    }
  }

  @Test
  void inputPorts_ofFilesAndOfAnotherProduct_areTheBucketAndThePrefixTheyRead() {
    InputPort files = S3InputPort.files("raw").client(S3LineageTest::noClient).bucket("landing")
        .prefix("vendor/2026-11-21/").schema(SCHEMA).build();
    InputPort whole = S3InputPort.files("all").client(S3LineageTest::noClient).bucket("landing")
        .prefix("").schema(SCHEMA).build();

    assertThat(files.lineageDataset())
        .contains(LineageDataset.of("s3://landing", "vendor/2026-11-21"));
    assertThat(whole.lineageDataset()).contains(LineageDataset.of("s3://landing", "/"));
  }
}
