package dev.dataproduct.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimplePatternTest {
  static final List<String> INPUTS = List.of("", "A", "AB", "ABC", "ABCD", "abc", "AbC", "A1C",
      "123", "1234", "12-34", "2026-11-21", "DE", "DE1", "DE12345", "a_b", " ", "A B", "é",
      "ABÉ", "\uD83D\uDE00", "AB\uD83D\uDE00", "x-y", "Z", "ZZZ9", "-", "a.b", "aaa", "zz");

  @ParameterizedTest
  @ValueSource(strings = {"[A-Z]{3}", "[A-Z]+", "[a-z]*", "\\d{4}-\\d{2}-\\d{2}",
      "[A-Z]{2}[0-9]+", "[A-Z0-9]{1,4}", "\\w+", "[^A-Z]+", "[A-Z]{2}\\d{0,5}", "^[A-Z]{3}$",
      "a?b", "[a-z]\\.[a-z]", "x-y", "[A-Z]{2,}", "\\s"})
  void matches_agreesWithTheRegexEngine(String regex) {
    SimplePattern p = SimplePattern.compile(regex);
    assertThat(p).as("compiles %s", regex).isNotNull();
    Pattern re = Pattern.compile(regex);
    for (String s : INPUTS) {
      assertThat(p.matches(s)).as("%s on '%s'", regex, s).isEqualTo(re.matcher(s).matches());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"[A-Z]{3}", "\\d{4}-\\d{2}-\\d{2}", "[A-Z]{2}[0-9]+", "a?b",
      "[^A-Z]{2}", "\\w+"})
  void sample_matches_andDistinctIndexesGiveDistinctStrings(String regex) {
    SimplePattern p = SimplePattern.compile(regex);
    Pattern re = Pattern.compile(regex);
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (long i = 0; i < 50; i++) {
      String s = p.sample(i);
      assertThat(re.matcher(s).matches()).as("%s sample %s = '%s'", regex, i, s).isTrue();
      seen.add(s);
    }
    assertThat(seen).hasSizeGreaterThan(regex.equals("a?b") ? 0 : 1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"(a|b)", "a.b", "[a-z]+[a-z]", "a+?", "[[:alpha:]]", "\\p{L}+",
      "[a-z&&[^e]]", "a{2", "[A-Z]*[A-Z]{2}"})
  void compile_returnsNullForWhatItCannotMatchExactly(String regex) {
    assertThat(SimplePattern.compile(regex)).isNull();
  }
}
