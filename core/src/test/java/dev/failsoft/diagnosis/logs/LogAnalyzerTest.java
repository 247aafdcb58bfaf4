package dev.failsoft.diagnosis.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failsoft.diagnosis.FailureKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogAnalyzerTest {
  private final LogAnalyzer analyzer = LogAnalyzer.builder().clock(Fixtures.CLOCK).build();

  @TempDir Path dir;

  @Test
  void countsAndGroupsTheNginxFixture() throws IOException {
    List<LogFinding> streamed = new ArrayList<>();

    LogSummary s =
        analyzer.analyze(write("error.log", Fixtures.bytes("nginx-error.log")), streamed::add);

    assertThat(s.lines()).isEqualTo(25);
    assertThat(s.failureLines()).isEqualTo(24); // all but the "temporarily disabled" warning
    assertThat(s.unrecognizedLines()).isZero();
    assertThat(streamed).hasSize(24);
    assertThat(s.formats()).containsEntry("nginx", 24L);
    assertThat(s.kinds()).containsEntry(FailureKind.HTTP_RESPONSE_TIMEOUT, 2L);
    LogSummary.Cause top = s.causes().get(0);
    assertThat(top.kind()).isEqualTo(FailureKind.CONNECTION_TERMINATED);
    assertThat(top.upstream()).isEqualTo("10.0.0.5:8080");
    assertThat(top.count()).isEqualTo(3);
    assertThat(top.firstSeen()).contains(Instant.parse("2024-05-01T10:01:04Z"));
    assertThat(top.lastSeen()).contains(Instant.parse("2024-05-01T10:01:06Z"));
    assertThat(s.causes())
        .extracting(LogSummary.Cause::count)
        .isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(s.causes())
        .anySatisfy(
            c -> {
              assertThat(c.kind()).isEqualTo(FailureKind.RATE_LIMITED);
              assertThat(c.upstream()).isEqualTo(LogSummary.NO_UPSTREAM);
            });
    assertThat(s.remedies()).containsOnlyKeys(s.kinds().keySet());
    assertThat(s.bytesRead()).isEqualTo(Fixtures.bytes("nginx-error.log").length);
  }

  @Test
  void readsMixedFormatsInOnePass() throws IOException {
    ByteArrayOutputStream mixed = new ByteArrayOutputStream();
    long expectedFindings = 0;
    List<List<String>> perFile = new ArrayList<>();
    for (List<String> f : Fixtures.FILES) {
      perFile.add(Fixtures.lines(f.get(0)));
      LogParser own = LogFormats.parser(f.get(1), Fixtures.CLOCK);
      expectedFindings +=
          Fixtures.lines(f.get(0)).stream().filter(l -> own.parse(l).isPresent()).count();
    }
    // interleave the files line by line, as a shared syslog would
    long lines = 0;
    for (int i = 0; i < 30; i++) {
      for (List<String> file : perFile) {
        if (i < file.size()) {
          mixed.writeBytes((file.get(i) + "\n").getBytes(StandardCharsets.UTF_8));
          lines++;
        }
      }
    }

    LogSummary s = analyzer.analyze(new ByteArrayInputStream(mixed.toByteArray()), f -> {});

    assertThat(s.lines()).isEqualTo(lines);
    assertThat(s.failureLines() + s.unrecognizedLines()).isEqualTo(expectedFindings);
    assertThat(s.formats().keySet()).containsExactlyInAnyOrderElementsOf(LogFormats.ids());
    assertThat(s.formats()).containsEntry("varnish", 9L).containsEntry("heroku", 21L);
  }

  @Test
  void gzipIsRecognisedByItsMagicBytesNotItsName() throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      out.write(Fixtures.bytes("haproxy.log"));
    }
    Path file = write("haproxy.log", gz.toByteArray()); // no .gz in the name
    List<Long> progress = new ArrayList<>();
    LogAnalyzer withProgress =
        LogAnalyzer.builder()
            .clock(Fixtures.CLOCK)
            .progress(
                (read, total) -> {
                  assertThat(total).isEqualTo(OptionalLong.of(gz.size()));
                  progress.add(read);
                })
            .build();

    LogSummary zipped = withProgress.analyze(file, f -> {});
    LogSummary plain =
        analyzer.analyze(new ByteArrayInputStream(Fixtures.bytes("haproxy.log")), f -> {});

    assertThat(zipped.lines()).isEqualTo(14);
    assertThat(zipped.causes()).isEqualTo(plain.causes());
    assertThat(zipped.bytesRead()).isEqualTo(gz.size());
    assertThat(progress).last().isEqualTo((long) gz.size());
  }

  @Test
  void crlfLineEndingsReadLikeLf() throws IOException {
    String lf = new String(Fixtures.bytes("apache-error.log"), StandardCharsets.UTF_8);
    byte[] crlf = lf.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    List<LogFinding> findings = new ArrayList<>();

    LogSummary s = analyzer.analyze(new ByteArrayInputStream(crlf), findings::add);
    LogSummary plain = analyzer.analyze(new StringReader(lf), f -> {});

    assertThat(s.lines()).isEqualTo(15);
    assertThat(s.causes()).isEqualTo(plain.causes());
    assertThat(findings).allSatisfy(f -> assertThat(f.line()).doesNotContain("\r"));
  }

  @Test
  void emptyInputGivesAnEmptySummary() throws IOException {
    LogSummary s = analyzer.analyze(new ByteArrayInputStream(new byte[0]), f -> {});

    assertThat(s.lines()).isZero();
    assertThat(s.failureLines()).isZero();
    assertThat(s.causes()).isEmpty();
    assertThat(s.toJson())
        .isEqualTo(
            "{\"bytesRead\":0,\"lines\":0,\"failureLines\":0,"
                + "\"unrecognizedLines\":0,\"oversizedLines\":0,\"parserErrors\":0,"
                + "\"upstreamsFolded\":false,\"formats\":{},\"kinds\":{},\"causes\":[],\"remedies\":{}}");
  }

  @Test
  void binaryGarbageIsReadWithoutFindingsOrExceptions() throws IOException {
    byte[] garbage = new byte[1 << 20];
    new Random(42).nextBytes(garbage);
    garbage[0] = 0x1f; // looks like gzip for one byte only

    LogSummary s = analyzer.analyze(new ByteArrayInputStream(garbage), f -> {});

    assertThat(s.lines()).isGreaterThan(1000); // random bytes hold about 4 000 LFs and CRs
    assertThat(s.failureLines()).isZero();
    assertThat(s.bytesRead()).isEqualTo(garbage.length);
  }

  @Test
  void aOneMegabyteLineIsCutSkippedAndCounted() throws IOException {
    String huge =
        "2024/05/01 10:00:00 [error] 1#1: *9 no live upstreams while connecting to "
            + "upstream, client: 203.0.113.7, server: a, request: \"GET /"
            + "a".repeat(1 << 20)
            + " HTTP/1.1\", upstream: \"http://backend/\", host: \"a\"";
    String input =
        "x".repeat(1 << 20) + "\n" + huge + "\n" + Fixtures.line("nginx-error.log", "*104") + "\n";
    List<LogFinding> findings = new ArrayList<>();

    LogSummary s = analyzer.analyze(new StringReader(input), findings::add);

    assertThat(s.lines()).isEqualTo(3);
    assertThat(s.oversizedLines()).isEqualTo(2);
    // the cut line still starts like an nginx error, so its kind is still read
    assertThat(findings)
        .extracting(LogFinding::kind)
        .containsExactly(FailureKind.DESTINATION_UNAVAILABLE, FailureKind.CONNECTION_TIMEOUT);
  }

  @Test
  void streamsAHundredMegabytesInBoundedMemoryAndFoldsExcessUpstreams() throws IOException {
    long targetBytes = 100L << 20;
    GeneratedLog log = new GeneratedLog(targetBytes, 50_000);
    LogAnalyzer bounded = LogAnalyzer.builder().clock(Fixtures.CLOCK).maxCauses(1_000).build();
    long[] streamed = {0};

    LogSummary s = bounded.analyze(log, f -> streamed[0]++);

    assertThat(s.bytesRead()).isEqualTo(log.produced);
    assertThat(s.lines()).isEqualTo(log.lines);
    assertThat(s.failureLines()).isEqualTo(log.lines);
    assertThat(streamed[0]).isEqualTo(log.lines);
    assertThat(s.upstreamsFolded()).isTrue();
    assertThat(s.causes()).hasSize(1_001);
    assertThat(s.causes().get(0).upstream()).isEqualTo(LogSummary.OTHER_UPSTREAMS);
    assertThat(s.causes().stream().mapToLong(LogSummary.Cause::count).sum()).isEqualTo(log.lines);
  }

  @Test
  void aThrowingUserParserIsCountedNotPropagated() throws IOException {
    LogAnalyzer analyzer =
        LogAnalyzer.builder()
            .parser(
                line -> {
                  if (line.startsWith("boom")) {
                    throw new IllegalStateException("parser bug");
                  }
                  return Optional.empty();
                })
            .build();

    LogSummary s = analyzer.analyze(new StringReader("boom\nfine\nboom again\n"), f -> {});

    assertThat(s.lines()).isEqualTo(3);
    assertThat(s.parserErrors()).isEqualTo(2);
  }

  @Test
  void aThrowingProgressListenerDoesNotStopTheAnalysis() throws IOException {
    LogAnalyzer analyzer =
        LogAnalyzer.builder()
            .clock(Fixtures.CLOCK)
            .progress(
                (read, total) -> {
                  throw new IllegalStateException("listener bug");
                })
            .build();

    LogSummary s =
        analyzer.analyze(new ByteArrayInputStream(Fixtures.bytes("envoy-access.log")), f -> {});

    assertThat(s.failureLines()).isEqualTo(9);
  }

  @Test
  void unrecognizedUpstreamErrorsAreCountedApart() throws IOException {
    String line =
        "[Wed May 01 10:00:00.000001 2024] [proxy:error] [pid 1:tid 2] AH09999: HTTP: "
            + "something new\n";

    LogSummary s = analyzer.analyze(new StringReader(line), f -> {});

    assertThat(s.unrecognizedLines()).isEqualTo(1);
    assertThat(s.failureLines()).isZero();
    assertThat(s.kinds()).containsEntry(FailureKind.UNKNOWN, 1L);
  }

  @Test
  void summaryJsonNamesCausesByKindAndUpstream() throws IOException {
    LogSummary s =
        analyzer.analyze(new ByteArrayInputStream(Fixtures.bytes("heroku-router.log")), f -> {});

    assertThat(s.toJson())
        .contains("\"formats\":{\"heroku\":21}")
        .contains(
            "{\"kind\":\"connection_refused\",\"proxyStatus\":\"connection_refused\","
                + "\"responder\":\"heroku\",\"upstream\":\"web.1\",\"count\":1,"
                + "\"firstSeen\":\"2010-10-07T04:51:07Z\",\"lastSeen\":\"2010-10-07T04:51:07Z\"}")
        .contains("\"remedies\":{");
  }

  @Test
  void rejectsNonsenseLimits() {
    assertThatThrownBy(() -> LogAnalyzer.builder().maxLineLength(0))
        .hasMessage("maxLineLength: 0 (expected: > 0)");
    assertThatThrownBy(() -> LogAnalyzer.builder().maxCauses(-1))
        .hasMessage("maxCauses: -1 (expected: > 0)");
  }

  private Path write(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  /**
   * Produces HAProxy lines on the fly until about {@code target} bytes, each naming one of {@code
   * servers} upstreams, so no file and no big buffer is needed.
   */
  private static final class GeneratedLog extends InputStream {
    private static final String QUERY = "?fields=" + "id,status,total,".repeat(16);
    private final long target;
    private final int servers;
    private byte[] current = new byte[0];
    private int pos;
    long produced;
    long lines;

    GeneratedLog(long target, int servers) {
      this.target = target;
      this.servers = servers;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos == current.length) {
        if (produced >= target) {
          return -1;
        }
        current =
            ("May  1 10:00:03 lb1 haproxy[14389]: 203.0.113.7:51234 "
                    + "[01/May/2024:10:00:00.101] fe_https~ be_app/app"
                    + (lines % servers)
                    + " 0/0/-1/-1/3003 503 214 - - SC-- 12/12/3/0/3 0/0 \"GET /api/orders/"
                    + lines
                    + QUERY
                    + " HTTP/1.1\"\n")
                .getBytes(StandardCharsets.US_ASCII);
        pos = 0;
        lines++;
      }
      int n = Math.min(len, current.length - pos);
      System.arraycopy(current, pos, b, off, n);
      pos += n;
      produced += n;
      return n;
    }
  }
}
