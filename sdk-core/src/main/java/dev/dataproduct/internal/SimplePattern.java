package dev.dataproduct.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A matcher for the simple regular expressions quality rules mostly use — sequences of ASCII
 * character classes and literals with counted quantifiers, such as {@code [A-Z]{3}}, {@code
 * \d{4}-\d{2}-\d{2}} or {@code [A-Z]{2}[0-9]+} — that scans the string once without a regex
 * engine. {@link #compile} returns {@code null} for anything it cannot match exactly like {@link
 * java.util.regex.Pattern#matches}, and callers then use the regex engine. Thread-safe.
 */
public final class SimplePattern {
  private static final String META = ".^$*+?()[]{}|\\";

  private static final class Atom {
    final boolean[] set = new boolean[128];
    boolean negated;
    int min = 1;
    int max = 1;

    boolean matches(char c) {
      return c < 128 ? set[c] != negated : negated;
    }
  }

  private final Atom[] atoms;
  private final Pattern fallback;

  private SimplePattern(Atom[] atoms, Pattern fallback) {
    this.atoms = atoms;
    this.fallback = fallback;
  }

  /** The fast matcher for {@code regex}, or {@code null} when it is not simple enough. */
  public static SimplePattern compile(String regex) {
    try {
      List<Atom> atoms = parse(regex);
      if (atoms == null || !deterministic(atoms)) {
        return null;
      }
      return new SimplePattern(atoms.toArray(new Atom[0]), Pattern.compile(regex));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * A string that matches, the {@code index}-th of the pattern's strings of minimal length (atoms
   * with a minimum of 0 are left out, {@code +} takes one character). Distinct indexes give
   * distinct strings until the pattern's combinations run out, then they repeat.
   */
  public String sample(long index) {
    StringBuilder sb = new StringBuilder();
    long rest = Math.max(0, index);
    for (int a = atoms.length - 1; a >= 0; a--) {
      Atom atom = atoms[a];
      char[] chars = printable(atom);
      int count = atom.min;
      if (chars.length == 0 && count > 0) {
        throw new IllegalStateException("pattern atom matches no printable ASCII character");
      }
      for (int k = 0; k < count; k++) {
        sb.append(chars[(int) (rest % chars.length)]);
        rest /= chars.length;
      }
    }
    return sb.reverse().toString();
  }

  private static char[] printable(Atom a) {
    StringBuilder sb = new StringBuilder();
    for (char c = 0x21; c < 0x7f; c++) {
      if (a.matches(c)) {
        sb.append(c);
      }
    }
    return sb.toString().toCharArray();
  }

  /** Whether the whole of {@code s} matches, as {@code Pattern.matches(regex, s)} would say. */
  public boolean matches(String s) {
    int pos = 0;
    int len = s.length();
    for (Atom a : atoms) {
      int count = 0;
      while (count < a.max && pos < len) {
        char c = s.charAt(pos);
        if (Character.isSurrogate(c)) {
          return fallback.matcher(s).matches();
        }
        if (!a.matches(c)) {
          break;
        }
        pos++;
        count++;
      }
      if (count < a.min) {
        return false;
      }
    }
    if (pos < len && Character.isSurrogate(s.charAt(pos))) {
      return fallback.matcher(s).matches();
    }
    return pos == len;
  }

  private static boolean deterministic(List<Atom> atoms) {
    // greedy scanning is exact when every variable-count atom is disjoint from the next atom
    for (int i = 0; i < atoms.size() - 1; i++) {
      Atom a = atoms.get(i);
      if (a.min != a.max) {
        Atom b = atoms.get(i + 1);
        if (a.negated || b.negated) {
          return false;
        }
        for (int c = 0; c < 128; c++) {
          if (a.set[c] && b.set[c]) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private static List<Atom> parse(String re) {
    List<Atom> atoms = new ArrayList<>();
    int i = 0;
    int n = re.length();
    if (i < n && re.charAt(i) == '^') {
      i++;
    }
    if (n > i && re.charAt(n - 1) == '$' && (n < 2 || re.charAt(n - 2) != '\\')) {
      n--;
    }
    while (i < n) {
      char c = re.charAt(i);
      Atom a = new Atom();
      if (c == '[') {
        i = parseClass(re, i + 1, n, a);
        if (i < 0) {
          return null;
        }
      } else if (c == '\\') {
        if (i + 1 >= n || !escape(re.charAt(i + 1), a)) {
          return null;
        }
        i += 2;
      } else if (META.indexOf(c) >= 0 || c >= 128) {
        return null;
      } else {
        a.set[c] = true;
        i++;
      }
      if (i < n) {
        char q = re.charAt(i);
        if (q == '+') {
          a.min = 1;
          a.max = Integer.MAX_VALUE;
          i++;
        } else if (q == '*') {
          a.min = 0;
          a.max = Integer.MAX_VALUE;
          i++;
        } else if (q == '?') {
          a.min = 0;
          a.max = 1;
          i++;
        } else if (q == '{') {
          int close = re.indexOf('}', i);
          if (close < 0 || close >= n) {
            return null;
          }
          String body = re.substring(i + 1, close);
          int comma = body.indexOf(',');
          if (comma < 0) {
            a.min = Integer.parseInt(body);
            a.max = a.min;
          } else {
            a.min = Integer.parseInt(body.substring(0, comma));
            String hi = body.substring(comma + 1);
            a.max = hi.isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(hi);
          }
          if (a.min < 0 || a.max < a.min) {
            return null;
          }
          i = close + 1;
        }
        if (i < n && (re.charAt(i) == '?' || re.charAt(i) == '+')) {
          return null; // lazy or possessive quantifiers
        }
      }
      atoms.add(a);
    }
    return atoms;
  }

  private static int parseClass(String re, int i, int n, Atom a) {
    if (i < n && re.charAt(i) == '^') {
      a.negated = true;
      i++;
    }
    boolean first = true;
    while (i < n) {
      char c = re.charAt(i);
      if (c == ']' && !first) {
        return i + 1;
      }
      first = false;
      if (c == '[' || c == '&' || c >= 128) {
        return -1;
      }
      if (c == '\\') {
        if (i + 1 >= n) {
          return -1;
        }
        char e = re.charAt(i + 1);
        if (!escape(e, a)) {
          return -1;
        }
        i += 2;
        continue;
      }
      if (i + 2 < n && re.charAt(i + 1) == '-' && re.charAt(i + 2) != ']') {
        char hi = re.charAt(i + 2);
        if (hi == '\\' || hi >= 128 || hi < c) {
          return -1;
        }
        for (char x = c; x <= hi; x++) {
          a.set[x] = true;
        }
        i += 3;
      } else {
        a.set[c] = true;
        i++;
      }
    }
    return -1;
  }

  private static boolean escape(char e, Atom a) {
    switch (e) {
      case 'd':
        for (char x = '0'; x <= '9'; x++) {
          a.set[x] = true;
        }
        return true;
      case 'w':
        for (char x = '0'; x <= '9'; x++) {
          a.set[x] = true;
        }
        for (char x = 'a'; x <= 'z'; x++) {
          a.set[x] = true;
        }
        for (char x = 'A'; x <= 'Z'; x++) {
          a.set[x] = true;
        }
        a.set['_'] = true;
        return true;
      case 's':
        for (char x : new char[] {' ', '\t', '\n', 0x0B, '\f', '\r'}) {
          a.set[x] = true;
        }
        return true;
      default:
        if (META.indexOf(e) >= 0 || e == '-' || e == '/' || e == '&') {
          a.set[e] = true;
          return true;
        }
        return false;
    }
  }
}
