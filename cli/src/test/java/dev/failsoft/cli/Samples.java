package dev.failsoft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real-format samples from core's test-jar, copied to files as a user would have them. */
final class Samples {
  private Samples() {}

  /** Copies the classpath resource {@code folder/name} to {@code dir/name}. */
  static Path copy(Path dir, String folder, String name) throws IOException {
    try (InputStream in = Samples.class.getResourceAsStream("/" + folder + "/" + name)) {
      assertThat(in).as(name).isNotNull();
      Path p = dir.resolve(name);
      Files.write(p, in.readAllBytes());
      return p;
    }
  }
}
