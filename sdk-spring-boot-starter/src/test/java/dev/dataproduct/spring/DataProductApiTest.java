package dev.dataproduct.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dataproduct.DataProduct;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

@SpringBootTest(classes = ApiTestApplication.class,
    properties = {"management.endpoints.web.exposure.include=health,dataproducts,prometheus",
        "management.endpoint.health.show-details=always"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataProductApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired WebApplicationContext context;
  @Autowired DataProduct customers;
  @Autowired MeterRegistry meters;
  MockMvc mvc;

  @BeforeAll
  void publishOnce() {
    customers.run().orThrow();
  }

  @BeforeEach
  void mockMvc() {
    mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
  }

  /** Performs a streamed request and returns the completed response body. */
  private MvcResult stream(RequestBuilder request) throws Exception {
    MvcResult started = mvc.perform(request).andReturn();
    if (started.getRequest().isAsyncStarted()) {
      return mvc.perform(asyncDispatch(started)).andReturn();
    }
    return started;
  }

  private List<JsonNode> rows(MvcResult result) throws Exception {
    String body = result.getResponse().getContentAsString();
    return Arrays.stream(body.split("\n")).filter(l -> !l.isBlank()).map(l -> {
      try {
        return JSON.readTree(l);
      } catch (Exception e) {
        throw new AssertionError("Not a JSON line: " + l, e);
      }
    }).toList();
  }

  @Test
  void analyst_readsTheLatestPublication_withThePiiFieldHashed() throws Exception {
    MvcResult result = stream(get("/dataproducts/customers/customers")
        .with(user("ana").roles("analyst")));

    assertThat(result.getResponse().getStatus()).isEqualTo(200);
    assertThat(result.getResponse().getContentType()).startsWith("application/x-ndjson");
    long latest = customers.output("customers").latest().orElseThrow().id();
    assertThat(result.getResponse().getHeader(DataProductApiController.PUBLICATION_ID))
        .isEqualTo(Long.toString(latest));
    assertThat(result.getResponse().getHeader(DataProductApiController.CONTRACT_VERSION))
        .isEqualTo("1.0.0");
    assertThat(result.getResponse().getHeader(DataProductApiController.PUBLICATION_ROWS))
        .isEqualTo(Long.toString(ApiTestApplication.ROWS));
    List<JsonNode> rows = rows(result);
    assertThat(rows).hasSize((int) ApiTestApplication.ROWS);
    assertThat(rows.get(0).get("id").asLong()).isEqualTo(1);
    assertThat(rows.get(0).get("email").asText())
        .isNotEqualTo(TestProducts.CANARY).matches("[0-9a-f]{32}");
    assertThat(result.getResponse().getContentAsString()).doesNotContain(TestProducts.CANARY);
  }

  @Test
  void finance_isGrantedTheFieldInClear() throws Exception {
    MvcResult result = stream(get("/dataproducts/customers/customers")
        .with(user("fred").roles("finance")));
    assertThat(result.getResponse().getStatus()).isEqualTo(200);
    assertThat(rows(result).get(0).get("email").asText()).isEqualTo(TestProducts.CANARY);
  }

  @Test
  void csv_isServedOnRequest() throws Exception {
    MvcResult result = stream(get("/dataproducts/customers/customers").param("format", "csv")
        .with(user("ana").roles("analyst")));
    assertThat(result.getResponse().getContentType()).startsWith("text/csv");
    String[] lines = result.getResponse().getContentAsString().split("\r?\n");
    assertThat(lines[0]).isEqualTo("id,email,country");
    assertThat(lines).hasSize(1 + (int) ApiTestApplication.ROWS);

    MvcResult byAccept = stream(get("/dataproducts/customers/customers")
        .header("Accept", "text/csv").with(user("ana").roles("analyst")));
    assertThat(byAccept.getResponse().getContentType()).startsWith("text/csv");
  }

  @Test
  void principalWithoutAGrant_is403WithTheSdksMessage_andCounted() throws Exception {
    double deniedBefore = deniedReads();
    mvc.perform(get("/dataproducts/customers/customers").with(user("eve").roles("marketing")))
        .andExpect(status().isForbidden())
        .andExpect(r -> assertThat(r.getResponse().getContentAsString())
            .contains("customers").doesNotContain(TestProducts.CANARY));
    mvc.perform(get("/dataproducts/customers/customers"))   // anonymous
        .andExpect(status().isForbidden());
    assertThat(deniedReads()).isEqualTo(deniedBefore + 2);
  }

  private double deniedReads() {
    return meters.find("dataproduct.consumer.reads").tag("outcome", "denied").counters().stream()
        .mapToDouble(c -> c.count()).sum();
  }

  @Test
  void unknownProductPortOrPublication_is404() throws Exception {
    mvc.perform(get("/dataproducts/nope/customers").with(user("ana").roles("analyst")))
        .andExpect(status().isNotFound());
    mvc.perform(get("/dataproducts/customers/nope").with(user("ana").roles("analyst")))
        .andExpect(status().isNotFound())
        .andExpect(r -> assertThat(r.getResponse().getContentAsString())
            .contains("ports are [customers]"));
    mvc.perform(get("/dataproducts/customers/customers").param("publication", "999")
        .with(user("ana").roles("analyst")))
        .andExpect(status().isNotFound());
    mvc.perform(get("/dataproducts/customers/customers").param("format", "xml")
        .with(user("ana").roles("analyst")))
        .andExpect(status().isBadRequest());
  }

  @Test
  void aGivenPublication_isServed() throws Exception {
    long first = customers.output("customers").publications().get(0).id();
    MvcResult result = stream(get("/dataproducts/customers/customers")
        .param("publication", Long.toString(first)).with(user("ana").roles("analyst")));
    assertThat(result.getResponse().getHeader(DataProductApiController.PUBLICATION_ID))
        .isEqualTo(Long.toString(first));
  }

  @Test
  void purposes_comeFromTheDocumentedHeader() {
    var principal = ConsumerPrincipalResolver.fromSpringSecurity("DataProduct-Purpose");
    var request = new org.springframework.mock.web.MockHttpServletRequest();
    request.addHeader("DataProduct-Purpose", "Fraud-Detection, reporting");
    assertThat(principal.resolve(request).purposes())
        .containsExactlyInAnyOrder("fraud-detection", "reporting");
    assertThat(principal.resolve(request).id()).isEqualTo("anonymous");
  }

  @Test
  void openApi_describesTheRowsFromTheContract() throws Exception {
    MvcResult result = mvc.perform(get("/dataproducts/customers/customers/openapi.json"))
        .andExpect(status().isOk()).andReturn();
    JsonNode doc = JSON.readTree(result.getResponse().getContentAsString());
    assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
    JsonNode row = doc.at("/components/schemas/Row/properties");
    assertThat(row.at("/id/type").asText()).isEqualTo("integer");
    assertThat(row.at("/email/x-classification").asText()).isEqualTo("pii");
    assertThat(doc.at("/paths/~1dataproducts~1customers~1customers/get/responses/403"))
        .isNotNull();
    assertThat(doc.at("/components/schemas/Row/required").toString())
        .contains("id", "email", "country");
  }

  @Test
  void health_isUpWhileFresh_downWhenStale() throws Exception {
    mvc.perform(get("/actuator/health/dataProducts/customers"))
        .andExpect(status().isOk())
        .andExpect(r -> assertThat(r.getResponse().getContentAsString()).contains("\"UP\""));
    ApiTestApplication.CLOCK.advance(java.time.Duration.ofHours(2));
    try {
      mvc.perform(get("/actuator/health/dataProducts/customers"))
          .andExpect(status().isServiceUnavailable())
          .andExpect(r -> assertThat(r.getResponse().getContentAsString())
              .contains("\"DOWN\"").doesNotContain(TestProducts.CANARY));
    } finally {
      ApiTestApplication.CLOCK.advance(java.time.Duration.ofHours(-2));
    }
  }

  @Test
  void actuatorEndpoint_listsProductsAndDescriptors() throws Exception {
    MvcResult all = mvc.perform(get("/actuator/dataproducts")).andExpect(status().isOk())
        .andReturn();
    JsonNode list = JSON.readTree(all.getResponse().getContentAsString());
    assertThat(list.at("/customers/outputs/customers/contract").asText()).isEqualTo("customers");
    assertThat(list.at("/customers/outputs/customers/latest/id").isNumber()).isTrue();

    MvcResult one = mvc.perform(get("/actuator/dataproducts/customers"))
        .andExpect(status().isOk()).andReturn();
    JsonNode product = JSON.readTree(one.getResponse().getContentAsString());
    assertThat(product.get("odps").asText()).contains("apiVersion");
    assertThat(product.at("/odcs/customers").asText()).contains("kind: DataContract");
    mvc.perform(get("/actuator/dataproducts/nope")).andExpect(status().isNotFound());
  }

  @Test
  void sdkMeters_showUpInThePrometheusScrape() throws Exception {
    mvc.perform(get("/actuator/prometheus"))
        .andExpect(status().isOk())
        .andExpect(r -> assertThat(r.getResponse().getContentAsString())
            .contains("# TYPE dataproduct_rows_written_total counter")
            .contains("dataproduct_rows_written_total{").contains("product=\"customers\"")
            .doesNotContainPattern("(?m)^dataproduct_\\w*_(rows|bytes)_total"));
  }

  @Test
  void unknownHealthContributor_isNotFound() throws Exception {
    mvc.perform(get("/actuator/health/dataProducts/nope")).andExpect(status().isNotFound());
    mvc.perform(get("/actuator/health")).andExpect(header().exists("Content-Type"));
  }
}
