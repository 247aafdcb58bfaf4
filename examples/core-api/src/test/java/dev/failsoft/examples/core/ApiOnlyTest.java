package dev.failsoft.examples.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the examples honest: they are what users copy, so they compile against Failsoft's public
 * API alone and never import an {@code …internal} package. (The libraries' own jars are named
 * modules, where javac enforces the same; the examples build on the class path, where it cannot.)
 */
class ApiOnlyTest {
  private static final Path EXAMPLES = Path.of("..");
  private static final Pattern INTERNAL_IMPORT =
      Pattern.compile(
          "^import\\s+(static\\s+)?(dev\\.failsoft\\.[\\w.]*\\binternal\\b[\\w.*]*)",
          Pattern.MULTILINE);

  @Test
  void noExampleImportsAFailsoftInternalPackage() throws IOException {
    assertThat(internalImports(EXAMPLES)).isEmpty();
  }

  @Test
  void theCheckFindsAnInternalImport(@org.junit.jupiter.api.io.TempDir Path dir)
      throws IOException {
    Path source = dir.resolve("demo/src/main/java/x/A.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, "package x;\n\nimport dev.failsoft.cache.internal.Syntax;\n");

    assertThat(internalImports(dir))
        .singleElement()
        .asString()
        .contains("A.java", "cache.internal");
  }

  private static List<String> internalImports(Path root) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.toString();
        if (!name.endsWith(".java") || name.contains("/target/")) {
          continue;
        }
        Matcher m = INTERNAL_IMPORT.matcher(Files.readString(file));
        while (m.find()) {
          found.add(root.relativize(file) + ": " + m.group(2));
        }
      }
    }
    return found;
  }
}
