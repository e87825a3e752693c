package dev.dataproduct.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.DataProduct;
import dev.dataproduct.Publication;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.Transforms;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.testing.ForwardingPublicationStore;
import dev.dataproduct.testing.InMemoryPublicationStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A publication far larger than what the server holds at once is streamed over a real socket: the
 * server reads the store batch by batch as the client consumes the response, so it has read only a
 * small part of the publication when the client has read its first line.
 */
@SpringBootTest(classes = LargePublicationStreamTest.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"server.address=127.0.0.1", "dataproduct.api.batch-size=500"})
class LargePublicationStreamTest {
  static final long ROWS = 300_000;
  static final AtomicLong ROWS_READ_FROM_STORE = new AtomicLong();

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    @Bean
    DataProduct customers() {
      return TestProducts.builder("customers", ROWS, Transforms.identity()).build()
          .withOutput(dev.dataproduct.OutputPort.builder("customers",
                  new CountingStore(InMemoryPublicationStore.create()))
              .contract(TestProducts.contract()).build());
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(a -> a.anyRequest().authenticated())
          .httpBasic(b -> { }).build();
    }

    @Bean
    UserDetailsService users() {
      return new InMemoryUserDetailsManager(User.withUsername("ana").password("{noop}secret")
          .roles("analyst").build());
    }
  }

  /** Counts the rows the server has taken out of the store. */
  static final class CountingStore extends ForwardingPublicationStore {
    CountingStore(InMemoryPublicationStore delegate) {
      super(delegate);
    }

    @Override
    public BatchReader read(Publication publication, Schema schema, int batchSize) {
      BatchReader reader = super.read(publication, schema, batchSize);
      return new BatchReader() {
        @Override
        public Schema schema() {
          return reader.schema();
        }

        @Override
        public List<Row> next() {
          List<Row> batch = reader.next();
          ROWS_READ_FROM_STORE.addAndGet(batch.size());
          return batch;
        }

        @Override
        public void close() {
          reader.close();
        }
      };
    }
  }

  @Autowired DataProduct customers;
  @LocalServerPort int port;

  @Test
  void largePublication_isStreamedBatchByBatch() throws Exception {
    customers.run().orThrow();
    ROWS_READ_FROM_STORE.set(0);
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/dataproducts/customers/customers"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
            "ana:secret".getBytes(StandardCharsets.UTF_8)))
        .build();
    HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue(DataProductApiController.PUBLICATION_ROWS))
        .hasValue(Long.toString(ROWS));
    try (BufferedReader body = new BufferedReader(
        new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      assertThat(body.readLine()).startsWith("{\"id\":1,");
      Thread.sleep(500); // let the server run ahead as far as the socket buffers let it
      long aheadOfClient = ROWS_READ_FROM_STORE.get();
      assertThat(aheadOfClient).as("rows the server read while the client read one line")
          .isLessThan(ROWS / 2);
      long lines = 1;
      while (body.readLine() != null) {
        lines++;
      }
      assertThat(lines).isEqualTo(ROWS);
    }
    assertThat(ROWS_READ_FROM_STORE.get()).isEqualTo(ROWS);
  }
}
