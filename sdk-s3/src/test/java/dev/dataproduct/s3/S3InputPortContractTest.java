package dev.dataproduct.s3;

import dev.dataproduct.InputPort;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.policy.Action;
import dev.dataproduct.testing.InputPortContract;
import dev.dataproduct.testing.s3.EmbeddedS3Extension;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;

/** The input kit on raw JSON Lines files in S3Proxy, several files per source. */
class S3InputPortContractTest extends InputPortContract {
  @RegisterExtension static final EmbeddedS3Extension S3 = EmbeddedS3Extension.create();
  private static final int ROWS_PER_FILE = 10;

  @Override
  protected InputPort newInput(String name, Schema schema, List<Row> rows) {
    return port(name, schema, rows, 0);
  }

  @Override
  protected InputPort inputWithMalformedRecords(String name, Schema schema, List<Row> rows,
      int malformed) {
    return port(name, schema, rows, malformed);
  }

  @Override
  protected String expectedType() {
    return "s3";
  }

  private static InputPort port(String name, Schema schema, List<Row> rows, int malformed) {
    String bucket = S3.newBucket();
    int file = 0;
    for (int from = 0; from < rows.size(); from += ROWS_PER_FILE) {
      StringBuilder text = new StringBuilder();
      for (Row r : rows.subList(from, Math.min(rows.size(), from + ROWS_PER_FILE))) {
        text.append(json(r)).append('\n');
      }
      put(bucket, "feed/" + (file++) + ".jsonl", text.toString());
    }
    if (malformed > 0) {
      put(bucket, "feed/" + file + ".jsonl", "{\"id\": 1, \"kind\": \n".repeat(malformed));
    }
    return S3InputPort.files(name).client(S3.client()).bucket(bucket).prefix("feed/")
        .schema(schema).onMalformed(malformed > 0 ? Action.QUARANTINE : Action.FAIL).build();
  }

  private static String json(Row r) {
    Object amount = r.get("amount");
    Object at = r.get("happened_at");
    return "{\"id\":" + r.getLong("id") + ",\"kind\":\"" + r.getString("kind") + "\",\"amount\":"
        + (amount == null ? "null" : ((BigDecimal) amount).toPlainString())
        + ",\"happened_at\":" + (at == null ? "null" : "\"" + at + "\"") + "}";
  }

  private static void put(String bucket, String key, String text) {
    S3.client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(text));
  }
}
