package dev.failsoft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DemoCommandTest {
  @Test
  void walksTheOriginThroughEveryFailureAndServesStaleThroughout() {
    long start = System.nanoTime();

    Run r = Run.of("demo");

    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(FailsoftCli.OK);
    assertThat((System.nanoTime() - start) / 1_000_000_000).isLessThan(30);
    assertThat(r.out())
        .contains(
            "origin healthy",
            "origin refusing connections",
            "origin hanging",
            "origin resetting connections",
            "origin answering 502 through a proxy",
            "origin healthy again",
            "Every failure was served from the stale copy");
    assertThat(r.out().lines().filter(l -> l.contains("(stale copy)"))).hasSize(4);
    assertThat(r.out()).contains("connection_refused during connect", "502 from nginx");
  }

  @Test
  void writesOneJsonObjectPerStep() {
    Run r = Run.of("demo", "--json");

    List<String> lines = r.out().lines().toList();
    assertThat(lines)
        .hasSize(6)
        .allSatisfy(
            l ->
                assertThat(l)
                    .startsWith("{\"step\":")
                    .contains("\"status\":200", "\"asExpected\":true", "\"diagnosis\":"));
    assertThat(lines.get(1)).contains("\"stale\":true", "\"kind\":\"connection_refused\"");
  }
}
