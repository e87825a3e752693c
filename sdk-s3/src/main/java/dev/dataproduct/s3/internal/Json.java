package dev.dataproduct.s3.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;

/** The JSON of manifests, pointers and contracts (the data files' JSON is the formats' own). */
final class Json {
  /** Exact decimals in plain notation; never closes the caller's streams. */
  static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
      .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
      .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .build();

  private Json() {}

  /** A short description of a JSON syntax problem that never quotes the input. */
  static String problem(IOException e) {
    if (e instanceof JsonEOFException) {
      return "unexpected end of input";
    }
    if (e instanceof StreamConstraintsException) {
      return e.getMessage();
    }
    return "malformed JSON";
  }
}
