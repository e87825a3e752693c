package dev.dataproduct;

import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A vendor exception (a driver's {@code SQLException}, an AWS SDK exception, an {@code
 * IOException}) with every value taken out: the cause the SDK keeps instead of the original.
 *
 * <p>Vendor messages may quote row values: PostgreSQL's {@code Detail: Key (email)=(ana@...)
 * already exists}, H2's {@code VALUES ( /* 1 *&#47; 'ana@...' )}. Whatever logs an exception with
 * its causes would write them out. A {@code VendorException} keeps what diagnoses the failure and
 * never holds data: the original class name, codes and names of objects ({@link #details()}: SQL
 * state, vendor code, constraint, HTTP status, S3 error code), and the original stack trace. Its
 * causes and suppressed exceptions are sanitized the same way.
 *
 * <pre>{@code
 * } catch (StorageException e) {
 *   VendorException v = (VendorException) e.getCause();
 *   v.vendorClass();               // "org.postgresql.util.PSQLException"
 *   v.detail("sqlState");          // Optional["23505"]
 *   v.detail("constraint");        // Optional["customers_email_key"]
 * }
 * }</pre>
 *
 * <p>Adapters build one with {@link #sanitize(Throwable, Function)}; {@link StorageException}
 * sanitizes any cause it is handed, so a vendor exception can never ride along unsanitized.
 */
public final class VendorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String vendorClass;
  private final Map<String, String> details;

  private VendorException(String vendorClass, Map<String, String> details, String keptMessage) {
    super(message(vendorClass, details, keptMessage));
    this.vendorClass = vendorClass;
    this.details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  private static String message(String vendorClass, Map<String, String> details,
      String keptMessage) {
    StringBuilder m = new StringBuilder(vendorClass);
    if (!details.isEmpty()) {
      m.append(' ').append(details.toString().replace('{', '[').replace('}', ']'));
    }
    if (keptMessage != null) {
      m.append(": ").append(keptMessage);
    } else {
      m.append(" (the vendor's message is left out: it may hold row values)");
    }
    return m.toString();
  }

  /** The class of the original exception, e.g. {@code org.postgresql.util.PSQLException}. */
  public String vendorClass() {
    return vendorClass;
  }

  /**
   * Codes and object names of the original: {@code sqlState}, {@code vendorCode}, {@code
   * constraint}, {@code table}, {@code column} for SQL; {@code errorCode}, {@code statusCode},
   * {@code requestId} for S3. Never values.
   */
  public Map<String, String> details() {
    return details;
  }

  /** One of {@link #details()}. */
  public Optional<String> detail(String key) {
    return Optional.ofNullable(details.get(key));
  }

  /**
   * {@code t} with its whole chain sanitized, keeping only what {@link #sanitize(Throwable,
   * Function)} keeps with no adapter details. SQL exceptions keep their SQL state and vendor code.
   */
  public static Throwable sanitize(Throwable t) {
    return sanitize(t, x -> Map.of());
  }

  /**
   * {@code t} with its whole chain (causes, suppressed exceptions, a {@link SQLException}'s next
   * exceptions) sanitized. An exception that is already clean — a {@code VendorException}, or an
   * SDK exception ({@link DataProductException}) whose own chain is clean — is kept as it is; an SDK
   * exception with an unclean chain becomes a {@code VendorException} that keeps its message (SDK
   * messages never hold classified values); every other exception becomes a {@code
   * VendorException} without its message.
   *
   * @param t the exception, or {@code null}
   * @param details codes and object names of one exception of the chain (never values), added to
   *     the SQL state and vendor code the SDK reads itself; may return an empty map
   * @return the sanitized exception, {@code null} for {@code null}
   */
  public static Throwable sanitize(Throwable t,
      Function<? super Throwable, Map<String, String>> details) {
    Objects.requireNonNull(details, "details");
    if (t == null || isClean(t, Collections.newSetFromMap(new IdentityHashMap<>()))) {
      return t;
    }
    return copy(t, details, new IdentityHashMap<>());
  }

  private static boolean isClean(Throwable t, Set<Throwable> seen) {
    for (Throwable x = t; x != null && seen.add(x); x = x.getCause()) {
      if (!(x instanceof VendorException || x instanceof DataProductException)) {
        return false;
      }
      for (Throwable s : x.getSuppressed()) {
        if (!isClean(s, seen)) {
          return false;
        }
      }
    }
    return true;
  }

  private static Throwable copy(Throwable t,
      Function<? super Throwable, Map<String, String>> details, Map<Throwable, Throwable> done) {
    Throwable known = done.get(t);
    if (known != null) {
      return known;
    }
    if (isClean(t, Collections.newSetFromMap(new IdentityHashMap<>()))) {
      return t;
    }
    Map<String, String> d = new LinkedHashMap<>();
    Throwable next = t.getCause();
    if (t instanceof SQLException) {
      SQLException s = (SQLException) t;
      if (s.getSQLState() != null) {
        d.put("sqlState", s.getSQLState());
      }
      if (s.getErrorCode() != 0) {
        d.put("vendorCode", Integer.toString(s.getErrorCode()));
      }
      if (next == null && s.getNextException() != null && s.getNextException() != s) {
        next = s.getNextException();
      }
    }
    try {
      Map<String, String> extra = details.apply(t);
      if (extra != null) {
        extra.forEach((k, v) -> {
          if (k != null && v != null) {
            d.put(k, v);
          }
        });
      }
    } catch (RuntimeException e) {
      d.put("detailsFailed", e.getClass().getName());
    }
    String kept = t instanceof DataProductException ? t.getMessage() : null;
    VendorException v = new VendorException(t.getClass().getName(), d, kept);
    done.put(t, v);
    v.setStackTrace(t.getStackTrace());
    if (next != null && next != t) {
      v.initCause(copy(next, details, done));
    }
    for (Throwable s : t.getSuppressed()) {
      v.addSuppressed(copy(s, details, done));
    }
    return v;
  }
}
