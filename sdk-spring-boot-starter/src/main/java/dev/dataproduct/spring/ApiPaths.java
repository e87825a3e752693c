package dev.dataproduct.spring;

/** Joins URL and path segments with exactly one slash between them. */
final class ApiPaths {
  private ApiPaths() {}

  static String join(String first, String... rest) {
    StringBuilder b = new StringBuilder(strip(first, false));
    for (String segment : rest) {
      String s = strip(segment, true);
      if (!s.isEmpty()) {
        b.append('/').append(s);
      }
    }
    return b.toString();
  }

  private static String strip(String s, boolean leading) {
    int start = 0;
    int end = s.length();
    while (leading && start < end && s.charAt(start) == '/') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '/') {
      end--;
    }
    return s.substring(start, end);
  }
}
