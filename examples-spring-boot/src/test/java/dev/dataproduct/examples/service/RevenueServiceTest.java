package dev.dataproduct.examples.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.DataProduct;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The service as a consumer meets it: over HTTP on a real port. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"server.address=127.0.0.1",
        "dataproduct.products.daily-revenue.schedule.fixed-delay=200ms"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RevenueServiceTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort int port;
  @Autowired DataProduct dailyRevenue;

  @BeforeAll
  void waitForTheFirstScheduledRun() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (dailyRevenue.output("revenue-table").latest().isEmpty()
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(dailyRevenue.output("revenue-table").latest()).as("a scheduled publication")
        .isPresent();
  }

  private HttpResponse<String> get(String path, String user) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + path));
    if (user != null) {
      request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
          (user + ":" + user).getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void analyst_readsTheLatestPublication_withTopCustomerHashed() throws Exception {
    HttpResponse<String> response = get("/dataproducts/daily-revenue/revenue-table", "ana");
    assertThat(response.statusCode()).isEqualTo(200);
    // the schedule keeps publishing (every 200 ms) and the OVERWRITE table keeps only its
    // latest publication: compare with what the response says it served, not with the port now
    long rows = Long.parseLong(response.headers().firstValue("DataProduct-Publication-Rows")
        .orElseThrow());
    assertThat(response.headers().firstValue("DataProduct-Publication-Id")).isPresent();
    List<String> lines = response.body().lines().toList();
    assertThat(lines).hasSize((int) rows).isNotEmpty();
    assertThat(lines).allSatisfy(l -> assertThat(l)
        .containsPattern("\"top_customer\":(null|\"[0-9a-f]{32}\")")
        .doesNotContain("@mail"));
  }

  @Test
  void finance_readsTopCustomerInClear_marketingIsRefused() throws Exception {
    assertThat(get("/dataproducts/daily-revenue/revenue-table", "fred").body())
        .contains("\"top_customer\":\"");
    HttpResponse<String> denied = get("/dataproducts/daily-revenue/revenue-table", "eve");
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.body()).contains("revenue-table");
  }

  @Test
  void health_endpoint_andPrometheus_showTheProduct() throws Exception {
    HttpResponse<String> health = get("/actuator/health", null);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"dataProducts\"", "\"daily-revenue\"");
    assertThat(get("/actuator/dataproducts/daily-revenue", "ana").body())
        .contains("http://localhost:8080/dataproducts/daily-revenue/revenue-table");
    assertThat(get("/actuator/prometheus", "ana").body())
        .contains("dataproduct_rows_written").contains("product=\"daily-revenue\"");
  }

  @Test
  void productPage_andMeshIndex_areServed_withTheGlossary() throws Exception {
    HttpResponse<String> page = get("/actuator/dataproductpages/daily-revenue.html", "ana");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("text/html"));
    assertThat(page.body()).contains("revenue-table: ", "retained publication",
            "ISO 3166-1 alpha-2 code of a country", "href=\"index.html\"")
        .doesNotContain("@mail");
    assertThat(get("/actuator/dataproductpages/index.html", "ana").body())
        .contains("href=\"daily-revenue.html\"", "sales_order_day");
    assertThat(get("/actuator/dataproductpages/index.html", null).statusCode()).isEqualTo(401);
  }
}
