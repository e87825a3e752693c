package dev.dataproduct.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Owner;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.Transforms;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.Glossary;
import dev.dataproduct.contract.Term;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.testing.InMemoryInputPort;
import dev.dataproduct.testing.InMemoryOutputPort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The {@code dataproductpages} endpoint over a real socket, as a browser gets it: the mesh index
 * and each product's page, linked to each other, with the publication history and the
 * application's glossary.
 */
@SpringBootTest(classes = DataProductPagesEndpointTest.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"server.address=127.0.0.1",
        "management.endpoints.web.exposure.include=dataproductpages"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataProductPagesEndpointTest {
  static final Schema COUNTRIES = Schema.of(
      Field.required("country", FieldType.STRING).withTerm("country_code").asPrimaryKey());

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    @Bean
    DataProduct customers() {
      return TestProducts.customers(5, Clock.systemUTC());
    }

    @Bean
    DataProduct countries() {
      return DataProduct.builder("countries").version("2.1.0").domain("reference")
          .owner(Owner.business("rita@corp.example"), Owner.technical("reference-data-eng"))
          .input(InMemoryInputPort.of("iso", COUNTRIES, Row.of(COUNTRIES, "DE")))
          .transform(Transforms.identity())
          .output(InMemoryOutputPort.create("countries", DataContract.builder("countries")
              .version("2.1.0").schema(COUNTRIES).build()))
          .policy(AccessPolicy.allowAll())
          .build();
    }

    @Bean
    Glossary glossary() {
      return Glossary.of(Term.global("country_code", FieldType.STRING)
          .withDescription("ISO 3166-1 alpha-2 code of a country"));
    }

    @Bean
    SecurityFilterChain pages(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
    }
  }

  @Autowired DataProduct customers;
  @LocalServerPort int port;

  @BeforeAll
  void publishOnce() {
    customers.run().orThrow();
  }

  private HttpResponse<String> get(String file) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/actuator/dataproductpages/" + file))
        .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
        .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void index_listsEveryProduct_linkedToItsPage_withTheGlossary() throws Exception {
    HttpResponse<String> index = get("index.html");

    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("text/html"));
    assertThat(index.body()).startsWith("<!DOCTYPE html>")
        .contains("2 data products", "href=\"countries.html\"", "href=\"customers.html\"",
            "ISO 3166-1 alpha-2 code of a country");
  }

  @Test
  void productPage_showsThePublicationHistory_neverAClassifiedValue() throws Exception {
    HttpResponse<String> page = get("customers.html");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("customers: 1 retained publication", "href=\"index.html\"",
            "pii")
        .doesNotContain(TestProducts.CANARY);
    assertThat(get("countries.html").body()).contains("country_code",
        "ISO 3166-1 alpha-2 code of a country");
  }

  @Test
  void anotherName_is404() throws Exception {
    assertThat(get("nope.html").statusCode()).isEqualTo(404);
    assertThat(get("customers").statusCode()).isEqualTo(404);
  }
}
