package dev.dataproduct.page;

import java.util.Locale;

/**
 * A small HTML writer: every text and attribute value goes through {@link #esc}, so nothing a
 * descriptor holds can open a tag or an attribute.
 */
final class Html {
  private final StringBuilder out = new StringBuilder(16_384);

  /** Escapes text for element content and quoted attribute values. */
  static String esc(Object value) {
    String s = String.valueOf(value);
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
            b.append('\uFFFD');
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /** An id fragment made of letters, digits, {@code -} and {@code _} only. */
  static String slug(String s) {
    String v = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-");
    return v.isEmpty() ? "x" : v;
  }

  /** A link target that is a relative page or an http(s) URL; anything else is dropped. */
  static String safeHref(String href) {
    String h = href.trim();
    String lower = h.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("mailto:")
        || !lower.contains(":")) {
      return h;
    }
    return "#";
  }

  /** Appends raw markup (constants of this package only). */
  Html raw(String markup) {
    out.append(markup);
    return this;
  }

  /** Appends escaped text. */
  Html text(Object value) {
    out.append(esc(value));
    return this;
  }

  /** {@code <tag class="cls">escaped text</tag>}; no class attribute when {@code cls} is null. */
  Html el(String tag, String cls, Object text) {
    open(tag, cls);
    text(text);
    return close(tag);
  }

  Html open(String tag, String cls) {
    out.append('<').append(tag);
    if (cls != null) {
      out.append(" class=\"").append(esc(cls)).append('"');
    }
    out.append('>');
    return this;
  }

  /** Opens {@code tag} with attribute pairs (name, value, name, value...), values escaped. */
  Html openAttrs(String tag, String... attrs) {
    out.append('<').append(tag);
    for (int i = 0; i + 1 < attrs.length; i += 2) {
      if (attrs[i + 1] != null) {
        out.append(' ').append(attrs[i]).append("=\"").append(esc(attrs[i + 1])).append('"');
      }
    }
    out.append('>');
    return this;
  }

  Html close(String tag) {
    out.append("</").append(tag).append('>');
    return this;
  }

  /** {@code <a href="...">text</a>} with a checked href. */
  Html link(String href, Object text, String cls) {
    openAttrs("a", "href", safeHref(href), "class", cls);
    text(text);
    return close("a");
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
