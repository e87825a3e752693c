package dev.dataproduct.spring;

import dev.dataproduct.DataProduct;
import dev.dataproduct.testing.TestClock;
import java.time.Instant;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A service with one product, {@code customers}, and Spring Security letting every request reach
 * the API port: the product's access policies decide, as in production behind a gateway.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class ApiTestApplication {
  static final TestClock CLOCK = TestClock.at(Instant.now());
  static final long ROWS = 5;

  @Bean
  DataProduct customers() {
    return TestProducts.customers(ROWS, CLOCK);
  }

  @Bean
  SecurityFilterChain api(HttpSecurity http) throws Exception {
    return http.authorizeHttpRequests(a -> a.anyRequest().permitAll())
        .httpBasic(b -> { })
        .build();
  }
}
