package dev.dataproduct.contract;

import java.util.Objects;

/**
 * An access point for managing or observing a product, listed in its ODPS descriptor's {@code
 * managementPorts}: a dashboard, a metrics endpoint, a topic of run events.
 *
 * <pre>{@code
 * ManagementPort.of("grafana", "observability", "https://grafana.corp.example/d/revenue");
 * }</pre>
 *
 * @param name the port's name
 * @param content what it offers: {@code observability}, {@code discoverability}, {@code
 *     control}, {@code dictionary}
 * @param type {@code rest} or {@code topic}
 * @param url where to reach it (absent for topics named by {@code name})
 * @param description what it is for, or null
 */
public record ManagementPort(String name, String content, String type, String url,
    String description) {
  public ManagementPort {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(type, "type");
    if (name.isBlank() || content.isBlank()) {
      throw new IllegalArgumentException("Management port name and content must not be blank");
    }
    if (url != null) {
      try {
        java.net.URI u = new java.net.URI(url);
        if (!u.isAbsolute()) {
          throw new IllegalArgumentException("Management port '" + name + "' url '" + url
              + "' is not an absolute URI");
        }
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException("Management port '" + name + "' url '" + url
            + "' is not a URI: " + e.getReason(), e);
      }
    }
  }

  /** A REST management port. */
  public static ManagementPort of(String name, String content, String url) {
    return new ManagementPort(name, content, "rest", Objects.requireNonNull(url, "url"), null);
  }

  /** The same port with a description. */
  public ManagementPort withDescription(String description) {
    return new ManagementPort(name, content, type, url, Objects.requireNonNull(description,
        "description"));
  }
}
