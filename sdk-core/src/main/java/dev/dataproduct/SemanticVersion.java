package dev.dataproduct;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version ({@code MAJOR.MINOR.PATCH[-pre][+build]}, semver.org 2.0.0).
 *
 * @param major the major version; a new one signals breaking changes
 * @param minor the minor version
 * @param patch the patch version
 * @param preRelease the pre-release label, empty when none
 * @param build the build metadata, empty when none
 */
public record SemanticVersion(int major, int minor, int patch, String preRelease, String build)
    implements Comparable<SemanticVersion> {

  private static final Pattern SEMVER = Pattern.compile(
      "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
          + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
          + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$");

  public SemanticVersion {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new IllegalArgumentException(
          "Version numbers must be >= 0: " + major + "." + minor + "." + patch);
    }
    preRelease = Objects.requireNonNullElse(preRelease, "");
    build = Objects.requireNonNullElse(build, "");
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the text and the expected form
   */
  public static SemanticVersion parse(String text) {
    Objects.requireNonNull(text, "version");
    Matcher m = SEMVER.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text
          + "' is not a semantic version; expected MAJOR.MINOR.PATCH such as 1.0.0 or 2.1.0-rc.1");
    }
    try {
      return new SemanticVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)), m.group(4), m.group(5));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' has a version number out of range", e);
    }
  }

  /** Whether {@code text} is a valid semantic version. */
  public static boolean isValid(String text) {
    return text != null && SEMVER.matcher(text.trim()).matches();
  }

  @Override
  public int compareTo(SemanticVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    if (c == 0) {
      c = Integer.compare(patch, o.patch);
    }
    if (c == 0) {
      // a pre-release sorts before its release
      if (preRelease.isEmpty() != o.preRelease.isEmpty()) {
        c = preRelease.isEmpty() ? 1 : -1;
      } else {
        c = preRelease.compareTo(o.preRelease);
      }
    }
    return c;
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch + (preRelease.isEmpty() ? "" : "-" + preRelease)
        + (build.isEmpty() ? "" : "+" + build);
  }
}
