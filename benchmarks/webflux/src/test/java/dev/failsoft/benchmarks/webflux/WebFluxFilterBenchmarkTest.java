package dev.failsoft.benchmarks.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A smoke run: both contenders serve every page whole and the table is printed; no timings. */
class WebFluxFilterBenchmarkTest {

  @Test
  void bothContendersServeEveryPageAndTheTableNamesTheRatio() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    Map<String, WebFluxFilterBenchmark.Result> results =
        WebFluxFilterBenchmark.run(1, 200, new PrintStream(printed, true, StandardCharsets.UTF_8));

    assertThat(results)
        .containsOnlyKeys(WebFluxFilterBenchmark.BARE, WebFluxFilterBenchmark.FILTERED);
    assertThat(results.values()).allSatisfy(r -> assertThat(r.requests()).isPositive());
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("| WebFlux + StaleIfErrorWebFilter |", "ratio to bare");
  }
}
