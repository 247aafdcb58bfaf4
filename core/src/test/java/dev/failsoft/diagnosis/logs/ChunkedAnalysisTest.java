package dev.failsoft.diagnosis.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading a stream in chunks parsed on several threads, with nginx noise skipped at the byte level,
 * gives the summary and the findings, in order, that reading it one line at a time gives: over
 * chunk boundaries, LF, CRLF and CR endings, multi-byte UTF-8, malformed bytes, lines longer than a
 * chunk and every fixture format mixed together.
 */
class ChunkedAnalysisTest {
  static final String NGINX_NOISE =
      "2024/05/01 10:00:07 [warn] 1234#1234: *%d an upstream response is buffered to a temporary"
          + " file /var/cache/nginx/proxy_temp/1/00/%d while reading upstream, client: 203.0.113.9,"
          + " server: shop.example, request: \"GET /img/%d.jpg HTTP/1.1\", upstream:"
          + " \"http://10.0.0.5:8080/img\"";
  static final String NGINX_NOTICE = "2024/05/01 10:00:08 [notice] 1234#1234: signal process %d";
  static final String NGINX_CANCELED =
      "2024/05/01 10:00:09 [info] 1234#1234: *%d client prematurely closed connection while"
          + " reading upstream, client: 203.0.113.9, server: s, request: \"GET / HTTP/1.1\","
          + " upstream: \"http://10.0.0.5:8080/\"";
  static final String BAD_STAMP =
      "2024/02/30 10:00:09 [notice] 1234#1234: *%d connect() failed (111: Connection refused)"
          + " while connecting to upstream, client: 203.0.113.9, server: s, request: \"GET /"
          + " HTTP/1.1\", upstream: \"http://10.0.0.5:8080/\"";

  static byte[] mixedLog() {
    List<List<String>> files = new ArrayList<>();
    for (List<String> f : Fixtures.FILES) {
      files.add(Fixtures.lines(f.get(0)));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String[] endings = {"\n", "\r\n", "\r"};
    int n = 0;
    while (out.size() < 3_500_000) {
      for (List<String> file : files) {
        String line = file.get(n % file.size());
        write(out, line + endings[n % 3]);
        write(out, String.format(NGINX_NOISE, n, n, n) + "\n");
        write(out, String.format(NGINX_NOTICE, n) + "\r\n");
        n++;
      }
      if (n % 97 == 0) {
        write(out, String.format(NGINX_CANCELED, n) + "\n");
        write(out, String.format(BAD_STAMP, n) + "\n");
        write(out, "naïve ünïcödé 日本語 line " + n + "\n");
        out.write(new byte[] {(byte) 0xff, (byte) 0xfe, 'x', '\n'}, 0, 4);
      }
      if (n % 1001 == 0) {
        write(out, "x".repeat(1_500_000) + "\r\n"); // longer than a chunk
        write(out, "é".repeat(40_000) + "\n"); // oversized in characters, not only bytes
      }
    }
    write(
        out, "2024/05/01 10:00:00 [error] 1:1: *1 no live upstreams while connecting to upstream");
    return out.toByteArray();
  }

  static void write(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "parallelism {0}")
  @ValueSource(ints = {1, 3})
  void givesTheSameSummaryAndFindingsAsReadingLineByLine(int parallelism) throws IOException {
    byte[] log = mixedLog();
    LogAnalyzer sequential =
        LogAnalyzer.builder().clock(Fixtures.CLOCK).maxLineLength(50_000).build();
    List<LogFinding> expected = new ArrayList<>();
    LogSummary want =
        sequential.analyze(
            new StringReader(new String(log, StandardCharsets.UTF_8)), expected::add);

    LogAnalyzer chunked =
        LogAnalyzer.builder()
            .clock(Fixtures.CLOCK)
            .maxLineLength(50_000)
            .parallelism(parallelism)
            .build();
    List<LogFinding> actual = new ArrayList<>();
    LogSummary got = chunked.analyze(new ByteArrayInputStream(log), actual::add);

    assertThat(got.lines()).isEqualTo(want.lines());
    assertThat(got.oversizedLines()).isEqualTo(want.oversizedLines()).isPositive();
    assertThat(got.failureLines()).isEqualTo(want.failureLines()).isPositive();
    assertThat(got.unrecognizedLines()).isEqualTo(want.unrecognizedLines());
    assertThat(got.formats()).isEqualTo(want.formats());
    assertThat(got.kinds()).isEqualTo(want.kinds());
    assertThat(got.causes()).isEqualTo(want.causes());
    assertThat(got.bytesRead()).isEqualTo(log.length);
    assertThat(actual).isEqualTo(expected);
  }
}
