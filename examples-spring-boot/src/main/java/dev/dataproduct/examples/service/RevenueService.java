package dev.dataproduct.examples.service;

import dev.dataproduct.DataProduct;
import dev.dataproduct.Owner;
import dev.dataproduct.contract.Glossary;
import dev.dataproduct.examples.DemoProducts;
import dev.dataproduct.examples.OrdersDatabase;
import dev.dataproduct.examples.SalesProducts;
import dev.dataproduct.jdbc.JdbcInputPort;
import dev.dataproduct.jdbc.JdbcOutputPort;
import dev.dataproduct.jdbc.WriteMode;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Masking;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.DependsOn;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The sales domain's service: runs {@code daily-revenue} on the schedule of {@code
 * application.yml} and serves it at {@code /dataproducts/daily-revenue/revenue-table} to the
 * consumers its access policies admit (HTTP basic here: {@code ana}/{@code ana} is an analyst,
 * {@code fred}/{@code fred} in finance, {@code eve}/{@code eve} in marketing). Health at {@code
 * /actuator/health}, products at {@code /actuator/dataproducts}, their pages at {@code
 * /actuator/dataproductpages/index.html}, meters at {@code /actuator/prometheus}.
 *
 * <p>Run it with {@code mvn -B -q -pl examples-spring-boot -am compile exec:java}, then {@code
 * curl -u ana:ana http://localhost:8080/dataproducts/daily-revenue/revenue-table}.
 */
@SpringBootApplication
public class RevenueService {

  public static void main(String[] args) {
    SpringApplication.run(RevenueService.class, args);
  }

  // tag::spring-product[]
  @Bean
  @DependsOn("ordersSeeded")
  DataProduct dailyRevenue(DataSource orders) {
    return DataProduct.builder("daily-revenue")
        .version("1.0.0").domain("sales")
        .owner(Owner.business("ana@corp.example"), Owner.technical("sales-data-eng"))
        .input(JdbcInputPort.builder("orders", orders)
            .query("SELECT * FROM orders WHERE status = ?", "CONFIRMED")
            .schema(SalesProducts.ORDERS).build())
        .transform(SalesProducts::aggregateDailyRevenue)
        .output(JdbcOutputPort.builder("revenue-table").dataSource(orders)
            .table("daily_revenue").mode(WriteMode.OVERWRITE).createTableIfMissing()
            .contract(SalesProducts.revenueContract("1.0.0")).build())
        .policy(AccessPolicy.allow("analyst").mask("top_customer", Masking.hash()))
        .policy(AccessPolicy.allow("finance").unmask("top_customer"))
        .build();   // no .telemetry(...): the starter reports to the application's beans
  }
  // end::spring-product[]

  /** The mesh's glossary: the product page at /actuator/dataproductpages shows its terms. */
  @Bean
  Glossary meshGlossary() {
    return DemoProducts.glossary();
  }

  /** The operational orders table the product reads (an embedded H2 database here). */
  @Bean
  Integer ordersSeeded(DataSource orders) throws SQLException {
    return OrdersDatabase.seed(orders, 500, 7);
  }

  @Bean
  SecurityFilterChain security(HttpSecurity http) throws Exception {
    return http.authorizeHttpRequests(a -> a
            .requestMatchers("/actuator/health/**").permitAll()
            .anyRequest().authenticated())
        .httpBasic(b -> { })
        .build();
  }

  @Bean
  UserDetailsService consumers() {
    return new InMemoryUserDetailsManager(
        User.withUsername("ana").password("{noop}ana").roles("analyst").build(),
        User.withUsername("fred").password("{noop}fred").roles("finance").build(),
        User.withUsername("eve").password("{noop}eve").roles("marketing").build());
  }
}
