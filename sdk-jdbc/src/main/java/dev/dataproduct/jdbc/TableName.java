package dev.dataproduct.jdbc;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A validated table name, optionally qualified by a schema: {@code orders} or {@code
 * sales.orders}. Each part must match {@link #PART}, so nothing a caller passes can break out of
 * the quoted identifier it becomes.
 *
 * @param schema the schema, or {@code null} for the connection's default
 * @param name the table
 */
record TableName(String schema, String name) {

  /** One identifier: a letter or underscore, then letters, digits, underscores; 63 at most. */
  static final Pattern PART = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  TableName {
    Objects.requireNonNull(name, "name");
  }

  /**
   * Parses {@code schema.table} or {@code table}.
   *
   * @param what what the name is for, used in the error message ("table", "metadata table")
   * @throws IllegalArgumentException naming the rejected name and the accepted form
   */
  static TableName parse(String qualified, String what) {
    Objects.requireNonNull(qualified, what);
    String[] parts = qualified.split("\\.", -1);
    if (parts.length > 2) {
      throw new IllegalArgumentException("Invalid " + what + " name '" + printable(qualified)
          + "': use table or schema.table");
    }
    for (String p : parts) {
      checkPart(p, what, qualified);
    }
    return parts.length == 2 ? new TableName(parts[0], parts[1]) : new TableName(null, parts[0]);
  }

  /**
   * Validates one identifier (a column name, a key column).
   *
   * @throws IllegalArgumentException naming the identifier and the accepted form
   */
  static String checkIdentifier(String identifier, String what) {
    Objects.requireNonNull(identifier, what);
    return checkPart(identifier, what, identifier);
  }

  private static String checkPart(String part, String what, String whole) {
    if (!PART.matcher(part).matches()) {
      throw new IllegalArgumentException("Invalid " + what + " name '" + printable(whole)
          + "': an identifier must start with a letter or underscore and contain only letters,"
          + " digits and underscores (at most 63 characters); quotes, semicolons, spaces and"
          + " other characters are rejected");
    }
    return part;
  }

  /** The name with control characters replaced, safe to put in a message. */
  private static String printable(String s) {
    String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    return shown.replaceAll("\\p{Cntrl}", "?");
  }

  /** The same schema, another table name. */
  TableName withName(String newName) {
    return new TableName(schema, checkPart(newName, "table", newName));
  }

  @Override
  public String toString() {
    return schema == null ? name : schema + "." + name;
  }
}
