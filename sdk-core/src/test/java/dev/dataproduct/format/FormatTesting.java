package dev.dataproduct.format;

import dev.dataproduct.Row;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Helpers of the format tests. */
final class FormatTesting {
  private FormatTesting() {}

  /**
   * Every row and malformed record of a decoder in file order, calling {@code next()} again after
   * each {@link MalformedRecordException}; closes the decoder.
   */
  static List<Object> rowsAndMalformed(FileFormat.Decoder d) throws IOException {
    try (d) {
      List<Object> out = new ArrayList<>();
      while (true) {
        try {
          Row r = d.next();
          if (r == null) {
            return out;
          }
          out.add(r);
        } catch (MalformedRecordException e) {
          out.add(e);
        }
      }
    }
  }
}
