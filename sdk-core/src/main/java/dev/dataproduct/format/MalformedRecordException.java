package dev.dataproduct.format;

import dev.dataproduct.DataProductException;

/**
 * One record of a file cannot be read as a row (a line that is not a JSON object, a CSV record
 * with the wrong number of fields), and the decoder can go on with the next record. Raw-ingestion
 * ports either fail the read with it or hand the record to {@link
 * dev.dataproduct.spi.ReadContext#quarantine} (as {@code S3InputPort.files(...).onMalformed} does).
 * It is a {@link DataProductException}, so code that treats every malformed file alike needs no
 * change.
 *
 * <p>The {@linkplain #getMessage() message} names the source and the line and describes the
 * problem without quoting the data (it reaches logs and spans, and the data may be classified);
 * {@link #record()} holds the record's text, for the quarantine only.
 */
public final class MalformedRecordException extends DataProductException {
  private static final long serialVersionUID = 1L;
  /** The most characters of a record kept for the quarantine. */
  public static final int MAX_RECORD_CHARS = 64 * 1024;

  private final transient String record;

  /**
   * @param message the source, the line and the problem, without the data
   * @param record the record's text as read (cut to {@link #MAX_RECORD_CHARS}), or null when
   *     it could not be kept
   */
  public MalformedRecordException(String message, String record) {
    super(message);
    this.record = record == null || record.length() <= MAX_RECORD_CHARS ? record
        : record.substring(0, Character.isHighSurrogate(record.charAt(MAX_RECORD_CHARS - 1))
            ? MAX_RECORD_CHARS - 1 : MAX_RECORD_CHARS);
  }

  /** The record's text as read, at most {@link #MAX_RECORD_CHARS} characters; may be null. */
  public String record() {
    return record;
  }
}
