package dev.dataproduct;

/**
 * The record a quarantined row becomes. Every quarantine sink (table, prefix, in-memory) stores
 * rows of {@link #SCHEMA}: which run, product and port rejected it, the rule and the reason, when,
 * and the rejected row itself as a JSON object whose values are text (a value of the wrong type is
 * kept as it came, so nothing is lost). A record of an input that could not be read as a row at
 * all (rule {@link #MALFORMED_RULE_ID}) is kept as its text: {@code {"raw": "..."}}.
 */
public final class Quarantine {
  public static final String RUN_ID = "run_id";
  public static final String PRODUCT = "product";
  public static final String PORT = "port";
  public static final String RULE_ID = "rule_id";
  public static final String REASON = "reason";
  public static final String QUARANTINED_AT = "quarantined_at";
  public static final String RECORD = "record";

  /** Rule id used when a row does not conform to the contract's schema. */
  public static final String SCHEMA_RULE_ID = "schema";

  /**
   * Rule id used when a row holds a value its output port's store cannot keep exactly (a date
   * outside PostgreSQL's range, a NUL character, an unpaired surrogate, a decimal too long for
   * the format); see {@link dev.dataproduct.spi.PublicationStore#valueDomain()}.
   */
  public static final String REPRESENTABLE_RULE_ID = "representable";

  /**
   * Rule id used when an input's record cannot be read as a row at all (malformed JSON, a CSV
   * record with the wrong number of fields); see {@link dev.dataproduct.spi.ReadContext#quarantine}.
   */
  public static final String MALFORMED_RULE_ID = "malformed";

  /** The key of a malformed record's text in its {@link #RECORD} object. */
  public static final String RAW = "raw";

  /** The fixed schema of quarantine records. */
  public static final Schema SCHEMA = Schema.of(
      Field.required(RUN_ID, FieldType.STRING),
      Field.required(PRODUCT, FieldType.STRING),
      Field.required(PORT, FieldType.STRING),
      Field.required(RULE_ID, FieldType.STRING),
      Field.required(REASON, FieldType.STRING),
      Field.required(QUARANTINED_AT, FieldType.TIMESTAMP),
      Field.required(RECORD, FieldType.STRING).withClassification(Classification.RESTRICTED));

  private Quarantine() {}
}
