package dev.failsoft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.cli.internal.Cli;
import dev.failsoft.cli.internal.Io;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogsCommandTest {
  private static final String NGINX_LINE =
      "2024/05/01 10:00:00 [error] 1234#1234: *1 connect() "
          + "failed (111: Connection refused) while connecting to upstream, client: 203.0.113.7, "
          + "server: shop.example.com, request: \"GET /api/orders HTTP/1.1\", upstream: "
          + "\"http://10.0.0.5:8080/api/orders\", host: \"shop.example.com\"";

  @TempDir Path dir;

  private Path sample(String name) throws IOException {
    return Samples.copy(dir, "logs", name);
  }

  private static long lines(String text, String prefix) {
    return text.lines().filter(l -> l.startsWith(prefix)).count();
  }

  @ParameterizedTest
  @CsvSource({
    "nginx-error.log, nginx, connection_refused",
    "apache-error.log, apache, connection_refused",
    "haproxy.log, haproxy, connection_terminated",
    "envoy-access.log, envoy, connection_refused",
    "istio-access.log, envoy, connection_refused",
    "heroku-router.log, heroku, destination_unavailable",
    "caddy-error.log, caddy, connection_refused",
    "traefik.log, traefik, connection_refused",
    "varnish.log, varnish, http_response_timeout",
    "php-fpm.log, php-fpm, http_response_timeout",
    "gunicorn.log, gunicorn, http_response_timeout",
    "kernel-oom.log, kernel-oom, origin_error"
  })
  void reportsEachFailureLineThenASummaryForEveryFormat(String file, String format, String kind)
      throws IOException {
    Run r = Run.of("logs", sample(file).toString());

    assertThat(r.code()).as(r.err()).isEqualTo(FailsoftCli.FAILING);
    assertThat(r.err()).isEmpty();
    String out = r.out();
    assertThat(out.lines().filter(l -> l.endsWith("[" + format + "]")))
        .isNotEmpty()
        .allSatisfy(l -> assertThat(l).contains("upstream=", "client=", "request="));
    assertThat(out)
        .contains("Summary: ", "(formats: " + format + " ", "COUNT  KIND", "Top remedies");
    assertThat(out.substring(out.indexOf("COUNT  KIND"))).contains(kind);
  }

  @Test
  void theSummaryCountsCausesByUpstreamWithFirstAndLastSeen() throws IOException {
    Run r = Run.of("logs", "--summary", sample("nginx-error.log").toString());

    assertThat(r.out())
        .startsWith("Summary: 25 lines, 24 upstream failures, 0 unrecognized")
        .containsPattern(
            "\\s3\\s+connection_terminated\\s+10\\.0\\.0\\.5:8080\\s+nginx\\s+"
                + "2024-05-01T10:01:04Z\\s+2024-05-01T10:01:06Z");
    assertThat(r.out()).doesNotContain("[nginx]");
  }

  @Test
  void writesJsonLinesOneFindingEachThenOneSummary() throws IOException {
    Run r = Run.of("logs", "--json", sample("haproxy.log").toString());

    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(14 + 1).allSatisfy(l -> assertThat(l).startsWith("{").endsWith("}"));
    assertThat(lines.subList(0, 14))
        .allSatisfy(
            l ->
                assertThat(l)
                    .startsWith("{\"time\":")
                    .contains("\"format\":\"haproxy\"", "\"kind\":"));
    assertThat(lines.get(14))
        .startsWith("{\"bytesRead\":")
        .contains("\"failureLines\":14", "\"causes\":[", "\"remedies\":{");
  }

  @Test
  void readsGzipFilesDirectlyAndSummarisesSeveralFilesTogether() throws IOException {
    Path plain = sample("nginx-error.log");
    Path gz = dir.resolve("haproxy.log.1.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(Files.readAllBytes(sample("haproxy.log")));
    }

    Run r = Run.of("logs", "--json", plain.toString(), gz.toString());

    String summary = r.out().lines().reduce((a, b) -> b).orElseThrow();
    assertThat(summary)
        .contains("\"failureLines\":38", "\"formats\":{\"haproxy\":14,\"nginx\":24}");
  }

  @Test
  void aFileWithoutFinalNewlineDoesNotJoinTheNextFile() throws IOException {
    Path a = dir.resolve("a.log");
    Path b = dir.resolve("b.log");
    Files.writeString(a, NGINX_LINE); // no final line break
    Files.writeString(b, NGINX_LINE + "\n");

    Run r = Run.of("logs", "--summary", a.toString(), b.toString());

    assertThat(r.out()).startsWith("Summary: 2 lines, 2 upstream failures");
  }

  @Test
  void readsStandardInput() {
    Run r = Run.withStdin((NGINX_LINE + "\n").getBytes(StandardCharsets.UTF_8), "logs", "-");

    assertThat(r.code()).isEqualTo(FailsoftCli.FAILING);
    assertThat(r.out())
        .contains(
            "connection_refused  upstream=10.0.0.5:8080  "
                + "client=203.0.113.7  request=\"GET /api/orders HTTP/1.1\"  phase=connect  [nginx]");
  }

  @Test
  void logsWithoutUpstreamFailuresExitZero() throws IOException {
    Run r = Run.of("logs", sample("non-failures.log").toString());

    assertThat(r.code()).isEqualTo(FailsoftCli.OK);
    assertThat(r.out()).contains("no upstream failure found");
  }

  @Test
  void aForcedFormatReadsOnlyThatFormat() throws IOException {
    Run r =
        Run.of("logs", "--summary", "--format", "haproxy", sample("nginx-error.log").toString());

    assertThat(r.code()).isEqualTo(FailsoftCli.OK);
    assertThat(r.out()).startsWith("Summary: 25 lines, 0 upstream failures");
  }

  @Test
  void binaryGarbageIsReadWithoutAnError() throws IOException {
    byte[] noise = new byte[300_000];
    new Random(3).nextBytes(noise);
    Path p = dir.resolve("noise.bin");
    Files.write(p, noise);

    Run r = Run.of("logs", p.toString());

    assertThat(r.code()).isEqualTo(FailsoftCli.OK);
    assertThat(r.err()).isEmpty();
  }

  @Test
  void aCorruptGzipFileIsAOneLineError() throws IOException {
    Path p = dir.resolve("cut.log.gz");
    byte[] gz;
    try (var bytes = new java.io.ByteArrayOutputStream()) {
      try (OutputStream out = new GZIPOutputStream(bytes)) {
        out.write((NGINX_LINE + "\n").repeat(200).getBytes(StandardCharsets.UTF_8));
      }
      gz = bytes.toByteArray();
    }
    Files.write(p, Arrays.copyOf(gz, gz.length / 2));

    Run r = Run.of("logs", p.toString());

    assertThat(r.code()).isEqualTo(FailsoftCli.USAGE);
    assertThat(r.oneLineError()).as(r.err()).isTrue();
  }

  @Test
  void missingFilesUnknownFormatsAndBadCountsAreUsageErrors() {
    for (String[] args :
        new String[][] {
          {"logs", dir.resolve("missing.log").toString()},
          {"logs", dir.toString()},
          {"logs", "--format", "iis"},
          {"logs", "--top", "0"},
          {"logs", "--top", "many"}
        }) {
      Run r = Run.of(args);
      assertThat(r.code()).as(String.join(" ", args)).isEqualTo(FailsoftCli.USAGE);
      assertThat(r.oneLineError()).as(r.err()).isTrue();
    }
    assertThat(lines(Run.of("logs", "--format", "iis").err(), "failsoft logs: --format"))
        .isEqualTo(1);
  }

  @Test
  void drawsAProgressBarOnATerminalForLargeInputsAndErasesIt() throws IOException {
    Path big = dir.resolve("big.log");
    String quiet = "2024/05/01 10:00:00 [notice] 1#1: signal process started\n";
    try (OutputStream out = Files.newOutputStream(big)) {
      byte[] chunk = quiet.repeat(1000).getBytes(StandardCharsets.UTF_8);
      while (Files.size(big) < (9L << 20)) {
        out.write(chunk);
        out.flush();
      }
      out.write((NGINX_LINE + "\n").getBytes(StandardCharsets.UTF_8));
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Io terminal =
        new Io(
            new ByteArrayInputStream(new byte[0]),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            true);

    int code = Cli.run(terminal, "logs", "--summary", "--color=never", big.toString());

    assertThat(code).isEqualTo(FailsoftCli.FAILING);
    assertThat(err.toString()).contains("] 100% ", " MiB").endsWith("\r");
    assertThat(out.toString())
        .startsWith("Summary: ")
        .contains("1 upstream failures")
        .doesNotContain("\r");
  }
}
