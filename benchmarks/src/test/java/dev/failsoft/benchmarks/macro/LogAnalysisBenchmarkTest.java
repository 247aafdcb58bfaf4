package dev.failsoft.benchmarks.macro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.logs.LogAnalyzer;
import dev.failsoft.diagnosis.logs.LogSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogAnalysisBenchmarkTest {
  @Test
  void generatedLogIsRecognisedAsNginxWithRealFailureKinds(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("error.log");
    LogAnalysisBenchmark.generate(file, 200_000);
    assertThat(Files.size(file)).isBetween(200_000L, 201_000L);
    LogSummary summary = LogAnalyzer.standard().analyze(file);
    assertThat(summary.unrecognizedLines()).isZero();
    assertThat(summary.kinds()).containsKeys(FailureKind.CONNECTION_REFUSED);
    assertThat(summary.failureLines()).isGreaterThan(summary.lines() / 2);
  }
}
