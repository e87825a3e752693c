package dev.dataproduct.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.DataProduct;
import dev.dataproduct.RunResult;
import dev.dataproduct.contract.DescriptorFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * daily-revenue declared from its descriptor files (S3 and JDBC output ports, a JDBC input):
 * the files it writes are the files it was declared from, and it runs as the product in code.
 */
class ContractFirstTest {
  static DemoEnvironment env;
  static int confirmed;

  @BeforeAll
  static void start() throws Exception {
    env = DemoEnvironment.embedded();
    confirmed = OrdersDatabase.seed(env.dataSource(), 200, 7);
  }

  @AfterAll
  static void stop() throws Exception {
    env.close();
  }

  @Test
  void dailyRevenueFromItsDescriptors_writesTheSameFiles_andRunsAsTheProductInCode(
      @TempDir Path tmp) throws Exception {
    Path first = tmp.resolve("first");
    Path second = tmp.resolve("second");
    DataProduct code = SalesProducts.dailyRevenue(env, SalesProducts.revenueContract("1.0.0"));
    List<Path> written = DescriptorFiles.write(code, first);

    DataProduct declared = ContractFirst.dailyRevenue(env, first);
    DescriptorFiles.write(declared, second);

    assertThat(written).hasSize(4);
    for (Path f : written) {
      assertThat(Files.readString(second.resolve(f.getFileName()))).as(f.getFileName().toString())
          .isEqualTo(Files.readString(f));
    }
    assertThat(Files.readString(first.resolve("daily-revenue.revenue-lake.odcs.yaml")))
        .contains("location: s3://" + env.bucket() + "/" + SalesProducts.REVENUE_PREFIX);

    RunResult a = code.run();
    RunResult b = declared.run();

    for (RunResult r : List.of(a, b)) {
      assertThat(r.succeeded()).as(String.valueOf(r.error())).isTrue();
      assertThat(r.input("orders").read()).isEqualTo(confirmed);
      assertThat(r.input("orders").quarantined()).isEqualTo(OrdersDatabase.badRows());
    }
    assertThat(b.output("revenue-lake").written()).isEqualTo(a.output("revenue-lake").written());
    assertThat(b.output("revenue-table").written())
        .isEqualTo(a.output("revenue-table").written());
    assertThat(b.violations()).isEqualTo(a.violations());
  }
}
