package dev.failsoft.examples.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's quick starts compiling: each fenced code block is preceded by a marker {@code
 * <!-- example: PATH#TAG -->} and must equal, line for line once the common indentation is removed,
 * the region of that compiled example file between {@code tag::TAG[]} and {@code end::TAG[]}.
 */
class ReadmeQuickStartsTest {
  private static final Path ROOT = Path.of("../..");
  private static final String MARKER = "<!-- example: ";

  @Test
  void everyReadmeCodeBlockMatchesItsExample() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));

    assertThat(drift(readme)).isEmpty();
    assertThat(readme)
        .contains(
            MARKER + "examples/servlet-webapp/",
            MARKER + "examples/client/",
            MARKER + "examples/core-api/",
            MARKER + "examples/webflux/",
            MARKER + "examples/gateway/");
  }

  @Test
  void namesTheBlockThatDriftedAndItsFirstDifferentLine() throws IOException {
    String readme =
        Files.readString(ROOT.resolve("README.md"))
            .replace(
                ".retryPolicy(RetryPolicy.builder().maxAttempts(3).build())",
                ".retryPolicy(RetryPolicy.builder().maxAttempts(5).build())");

    assertThat(drift(readme))
        .singleElement()
        .asString()
        .contains("okhttp-quickstart", "OkHttpExample.java", "maxAttempts(5)", "maxAttempts(3)");
  }

  @Test
  void refusesACodeBlockWithoutAMarker() {
    String readme = "# Title\n\n```java\nint x = 1;\n```\n";

    assertThat(drift(readme))
        .singleElement()
        .asString()
        .contains("README.md line 3", "no " + MARKER.strip());
  }

  /** Returns one message per README code block that is unmarked or differs from its example. */
  static List<String> drift(String readme) {
    List<String> problems = new ArrayList<>();
    List<String> lines = readme.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String fence = lines.get(i);
      if (!fence.startsWith("```") || fence.length() == 3) {
        continue;
      }
      int close = i + 1;
      while (close < lines.size() && !lines.get(close).startsWith("```")) {
        close++;
      }
      String before = i > 0 ? lines.get(i - 1) : "";
      boolean runnable = fence.equals("```java") || fence.equals("```xml");
      if (runnable && !before.startsWith(MARKER)) {
        problems.add(
            "README.md line "
                + (i + 1)
                + ": a "
                + fence.substring(3)
                + " block with no "
                + MARKER.strip()
                + " PATH#TAG --> above it");
      } else if (before.startsWith(MARKER)) {
        String target = before.substring(MARKER.length(), before.indexOf(" -->"));
        compare(target, i + 1, lines.subList(i + 1, close), problems);
      }
      i = close;
    }
    return problems;
  }

  private static void compare(String target, int line, List<String> block, List<String> problems) {
    String path = target.substring(0, target.indexOf('#'));
    String tag = target.substring(target.indexOf('#') + 1);
    List<String> source;
    try {
      source = Files.readAllLines(ROOT.resolve(path));
    } catch (IOException e) {
      problems.add("README.md line " + line + " (" + tag + "): cannot read " + path + ": " + e);
      return;
    }
    int start = indexOf(source, "tag::" + tag + "[]");
    int end = indexOf(source, "end::" + tag + "[]");
    if (start < 0 || end < start) {
      problems.add(
          "README.md line "
              + line
              + " ("
              + tag
              + "): "
              + path
              + " has no region tag::"
              + tag
              + "[] ... end::"
              + tag
              + "[]");
      return;
    }
    List<String> expected = dedent(source.subList(start + 1, end));
    List<String> actual = dedent(block);
    for (int k = 0; k < Math.max(expected.size(), actual.size()); k++) {
      String want = k < expected.size() ? expected.get(k) : "(end of region)";
      String got = k < actual.size() ? actual.get(k) : "(end of block)";
      if (!want.equals(got)) {
        problems.add(
            "README.md block '"
                + tag
                + "' (line "
                + line
                + ") differs from "
                + path
                + " at its line "
                + (k + 1)
                + ":\n  README:  "
                + got
                + "\n  example: "
                + want
                + "\nCopy the region between tag::"
                + tag
                + "[] and end::"
                + tag
                + "[] into the"
                + " README, or change both.");
        return;
      }
    }
  }

  private static int indexOf(List<String> lines, String needle) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(needle)) {
        return i;
      }
    }
    return -1;
  }

  private static List<String> dedent(List<String> lines) {
    int indent = Integer.MAX_VALUE;
    for (String l : lines) {
      if (!l.isBlank()) {
        indent = Math.min(indent, l.length() - l.stripLeading().length());
      }
    }
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      out.add(l.isBlank() ? "" : l.substring(indent).stripTrailing());
    }
    return out;
  }
}
