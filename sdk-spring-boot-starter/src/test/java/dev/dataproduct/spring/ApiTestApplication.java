package dev.dataproduct.spring;

import dev.dataproduct.DataProduct;
import dev.dataproduct.testing.TestClock;
import java.time.Instant;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.HeaderWriterFilter;

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
        // MockMvc's response keeps its headers in a map that is not thread-safe: Spring
        // Security's header writer, run after the chain on the test's thread, raced the
        // streamed body committing the response on the async thread (a
        // ConcurrentModificationException now and then; spring-security gh-9175). Writing the
        // security headers before the chain takes the request thread out of the race.
        .headers(h -> h.addObjectPostProcessor(new ObjectPostProcessor<HeaderWriterFilter>() {
          @Override
          public <O extends HeaderWriterFilter> O postProcess(O filter) {
            filter.setShouldWriteHeadersEagerly(true);
            return filter;
          }
        }))
        .build();
  }
}
