package dev.dataproduct.spring;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the data products of a Spring Boot application, under {@code dataproduct}.
 *
 * <pre>{@code
 * dataproduct:
 *   products:
 *     daily-revenue:
 *       schedule:
 *         cron: "0 5 * * * *"        # or fixed-delay: 15m
 *   scheduling:
 *     shutdown-timeout: 2m
 *   api:
 *     base-path: /dataproducts
 * }</pre>
 */
@ConfigurationProperties(prefix = "dataproduct")
public class DataProductProperties {

  /** Per product (by its name): whether and when it runs. */
  private final Map<String, Product> products = new LinkedHashMap<>();

  private final Scheduling scheduling = new Scheduling();

  private final Api api = new Api();

  public Map<String, Product> getProducts() {
    return products;
  }

  public Scheduling getScheduling() {
    return scheduling;
  }

  public Api getApi() {
    return api;
  }

  /** Settings of one product. */
  public static class Product {

    /** Whether the product's schedule is active. */
    private boolean enabled = true;

    private final Schedule schedule = new Schedule();

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Schedule getSchedule() {
      return schedule;
    }
  }

  /** When a product runs: a cron expression or a fixed delay between runs (not both). */
  public static class Schedule {

    /** A Spring cron expression (six fields, seconds first), e.g. {@code 0 5 * * * *}. */
    private String cron;

    /** The time zone of the cron expression; the JVM's default zone when unset. */
    private String zone;

    /** The delay between the end of one run and the start of the next. */
    private Duration fixedDelay;

    /** The delay before the first run of a fixed-delay schedule. */
    private Duration initialDelay = Duration.ZERO;

    public String getCron() {
      return cron;
    }

    public void setCron(String cron) {
      this.cron = cron;
    }

    public String getZone() {
      return zone;
    }

    public void setZone(String zone) {
      this.zone = zone;
    }

    public Duration getFixedDelay() {
      return fixedDelay;
    }

    public void setFixedDelay(Duration fixedDelay) {
      this.fixedDelay = fixedDelay;
    }

    public Duration getInitialDelay() {
      return initialDelay;
    }

    public void setInitialDelay(Duration initialDelay) {
      this.initialDelay = initialDelay;
    }

    boolean isSet() {
      return cron != null || fixedDelay != null;
    }
  }

  /** The scheduler shared by all scheduled products. */
  public static class Scheduling {

    /** Whether scheduled runs happen at all in this application. */
    private boolean enabled = true;

    /** Threads running scheduled products; runs of one product never overlap. */
    private int poolSize = 2;

    /** How long shutdown waits for runs in progress before the products are closed. */
    private Duration shutdownTimeout = Duration.ofSeconds(30);

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public int getPoolSize() {
      return poolSize;
    }

    public void setPoolSize(int poolSize) {
      this.poolSize = poolSize;
    }

    public Duration getShutdownTimeout() {
      return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = shutdownTimeout;
    }
  }

  /** The HTTP API port: every output port of every product served over HTTP. */
  public static class Api {

    /** Whether the API port is served (needs Spring MVC). */
    private boolean enabled = true;

    /** The path under which products are served: {@code {base-path}/{product}/{port}}. */
    private String basePath = "/dataproducts";

    /**
     * The request header carrying the consumer's purposes (comma-separated), matched against the
     * access policies' purposes.
     */
    private String purposeHeader = "DataProduct-Purpose";

    /** Rows per batch read from the store while streaming a response. */
    private int batchSize = 1_000;

    /**
     * The absolute URL consumers reach this service at, e.g. {@code https://sales.corp.example}.
     * When set, each product's ODPS descriptor lists every output port's API endpoint as a
     * management port {@code api-<port>} (content {@code data}) with its URL.
     */
    private String publicUrl;

    public String getPublicUrl() {
      return publicUrl;
    }

    public void setPublicUrl(String publicUrl) {
      this.publicUrl = publicUrl;
    }

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getBasePath() {
      return basePath;
    }

    public void setBasePath(String basePath) {
      this.basePath = basePath;
    }

    public String getPurposeHeader() {
      return purposeHeader;
    }

    public void setPurposeHeader(String purposeHeader) {
      this.purposeHeader = purposeHeader;
    }

    public int getBatchSize() {
      return batchSize;
    }

    public void setBatchSize(int batchSize) {
      this.batchSize = batchSize;
    }
  }
}
