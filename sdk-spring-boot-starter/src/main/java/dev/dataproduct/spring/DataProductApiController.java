package dev.dataproduct.spring;

import dev.dataproduct.AccessDeniedException;
import dev.dataproduct.DataProduct;
import dev.dataproduct.DataProductException;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Principal;
import dev.dataproduct.Publication;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.format.FileFormat;
import dev.dataproduct.format.Formats;
import dev.dataproduct.spi.BatchReader;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The HTTP API port: serves every output port of every product bean of the application.
 *
 * <ul>
 *   <li>{@code GET {base-path}/{product}/{port}} streams the latest publication (or {@code
 *       ?publication=ID}; {@code ?contract-major=N} for the latest checked against major N) as
 *       JSON Lines ({@code application/x-ndjson}, the default) or CSV ({@code text/csv}, or {@code
 *       ?format=csv}), batch by batch: memory stays bounded whatever the size. Headers: {@code
 *       DataProduct-Publication-Id}, {@code DataProduct-Contract-Version}, {@code
 *       DataProduct-Publication-Rows} (rows in the publication, before the caller's row filters).
 *   <li>{@code GET {base-path}/{product}/{port}/openapi.json}: the endpoint's OpenAPI 3.1
 *       description, derived from the port's contract.
 * </ul>
 *
 * <p>Every data request is a consumer read through {@link OutputPort#read}: the caller's principal
 * (from {@link ConsumerPrincipalResolver}) meets the product's access policies — deny/allow,
 * purposes, masks, row filters, default masking of classified fields, the access-decision span
 * event and the {@code dataproduct.consumer.reads} meter — exactly as an in-process read. A denied
 * request is {@code 403} with the SDK's message, an unknown product, port or publication {@code
 * 404}.
 */
@RestController
@RequestMapping("${dataproduct.api.base-path:/dataproducts}")
public class DataProductApiController {
  /** Response header: the id of the publication served. */
  public static final String PUBLICATION_ID = "DataProduct-Publication-Id";
  /** Response header: the contract version the publication was checked against. */
  public static final String CONTRACT_VERSION = "DataProduct-Contract-Version";
  /** Response header: rows in the publication (before the caller's row filters). */
  public static final String PUBLICATION_ROWS = "DataProduct-Publication-Rows";

  static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");
  static final MediaType CSV = MediaType.parseMediaType("text/csv");

  private final ProductCatalog catalog;
  private final ConsumerPrincipalResolver principals;
  private final DataProductProperties.Api settings;

  DataProductApiController(ProductCatalog catalog, ConsumerPrincipalResolver principals,
      DataProductProperties.Api settings) {
    this.catalog = catalog;
    this.principals = principals;
    this.settings = settings;
  }

  /** Streams a publication of {@code port} to the caller, as the caller may see it. */
  @GetMapping("/{product}/{port}")
  public ResponseEntity<StreamingResponseBody> read(@PathVariable("product") String productName,
      @PathVariable("port") String portName,
      @RequestParam(name = "publication", required = false) Long publicationId,
      @RequestParam(name = "contract-major", required = false) Integer contractMajor,
      @RequestParam(name = "format", required = false) String format,
      HttpServletRequest request) {
    DataProduct product = catalog.find(productName).orElseThrow(() ->
        new NotFound("No data product '" + productName + "'"));
    OutputPort port = product.outputs().get(portName);
    if (port == null) {
      throw new NotFound("Data product '" + productName + "' has no output port '" + portName
          + "'; ports are " + product.outputs().keySet());
    }
    Principal principal = principals.resolve(request);
    FileFormat fileFormat = format(format, request.getHeader(HttpHeaders.ACCEPT));
    Publication publication;
    BatchReader reader;
    for (int attempt = 1; ; attempt++) {
      publication = choose(port, publicationId, contractMajor);
      ReadOptions options = ReadOptions.publication(publication.id())
          .batchSize(Math.max(1, settings.getBatchSize()));
      try {
        // the access decision happens here, before any byte of the response: a denial is a 403
        reader = product.read(portName, principal, options);
        break;
      } catch (AccessDeniedException denied) {
        throw denied;
      } catch (DataProductException e) {
        // a publication chosen a moment ago can be gone by now (a newer one replaced it on an
        // OVERWRITE table, retention removed it): choose again, or say it is gone
        long chosen = publication.id();
        if (port.publications().stream().anyMatch(p -> p.id() == chosen)) {
          throw e;
        }
        if (publicationId != null || attempt == 3) {
          throw new NotFound("Output port '" + port.name() + "' no longer has publication "
              + chosen);
        }
      }
    }
    BatchReader opened = reader;
    StreamingResponseBody body = out -> stream(opened, fileFormat, out);
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(fileFormat == Formats.csv()
            ? CSV.toString() : NDJSON.toString()))
        .header(PUBLICATION_ID, Long.toString(publication.id()))
        .header(CONTRACT_VERSION, publication.contractVersion())
        .header(PUBLICATION_ROWS, Long.toString(publication.rows()))
        .body(body);
  }

  /** The OpenAPI 3.1 description of {@code port}'s endpoint, derived from its contract. */
  @GetMapping(path = "/{product}/{port}/openapi.json", produces = MediaType.APPLICATION_JSON_VALUE)
  public String openApi(@PathVariable("product") String productName,
      @PathVariable("port") String portName) {
    DataProduct product = catalog.find(productName).orElseThrow(() ->
        new NotFound("No data product '" + productName + "'"));
    OutputPort port = product.outputs().get(portName);
    if (port == null) {
      throw new NotFound("Data product '" + productName + "' has no output port '" + portName
          + "'");
    }
    return OpenApiDocument.of(product, port, settings.getBasePath());
  }

  private static Publication choose(OutputPort port, Long id, Integer major) {
    List<Publication> all = port.publications();
    Optional<Publication> chosen;
    if (id != null) {
      chosen = all.stream().filter(p -> p.id() == id).findFirst();
      if (chosen.isEmpty()) {
        throw new NotFound("Output port '" + port.name() + "' has no publication " + id
            + " (retained: " + all.stream().map(Publication::id).toList() + ")");
      }
    } else {
      chosen = all.stream()
          .filter(p -> major == null || p.contractMajor() == major)
          .reduce((a, b) -> b);
      if (chosen.isEmpty()) {
        throw new NotFound("Output port '" + port.name() + "' has no publication"
            + (major == null ? " yet" : " checked against contract major " + major));
      }
    }
    return chosen.get();
  }

  private static FileFormat format(String requested, String accept) {
    if (requested != null) {
      return switch (requested.toLowerCase(java.util.Locale.ROOT)) {
        case "csv" -> Formats.csv();
        case "jsonl", "ndjson", "json" -> Formats.jsonLines();
        default -> throw new BadRequest("Unknown format '" + requested
            + "'; use jsonl or csv");
      };
    }
    if (accept != null) {
      for (MediaType type : MediaType.parseMediaTypes(accept)) {
        if (type.isCompatibleWith(CSV) && !type.isWildcardType()) {
          return Formats.csv();
        }
        if (type.isCompatibleWith(NDJSON) && !type.isWildcardType()) {
          return Formats.jsonLines();
        }
      }
    }
    return Formats.jsonLines();
  }

  /**
   * Encodes batch after batch; the encoders keep a bounded buffer and hand full buffers to the
   * response, which the container sends as it fills, so memory stays bounded whatever the size.
   */
  private static void stream(BatchReader reader, FileFormat format, OutputStream out)
      throws IOException {
    try (reader) {
      FileFormat.Encoder encoder = format.encoder(reader.schema(), out);
      for (List<Row> batch = reader.next(); !batch.isEmpty(); batch = reader.next()) {
        for (Row row : batch) {
          encoder.write(row);
        }
      }
      encoder.finish();
      out.flush();
    }
  }

  @ExceptionHandler(AccessDeniedException.class)
  ResponseEntity<String> denied(AccessDeniedException e) {
    return text(HttpStatus.FORBIDDEN, e.getMessage());
  }

  @ExceptionHandler(NotFound.class)
  ResponseEntity<String> notFound(NotFound e) {
    return text(HttpStatus.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(BadRequest.class)
  ResponseEntity<String> badRequest(BadRequest e) {
    return text(HttpStatus.BAD_REQUEST, e.getMessage());
  }

  private static ResponseEntity<String> text(HttpStatus status, String message) {
    return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(message + "\n");
  }

  /** An unknown product, port or publication. */
  static final class NotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFound(String message) {
      super(message, null, false, false);
    }
  }

  /** A request the API cannot serve as asked. */
  static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message, null, false, false);
    }
  }
}
