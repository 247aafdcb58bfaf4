package dev.failsoft.diagnosis.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Phase;
import dev.failsoft.diagnosis.Responder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.MethodSource;

class LogFormatsTest {
  private final LogParser auto = LogFormats.autoDetect(Fixtures.CLOCK);

  /**
   * One row of {@code expected-findings.psv} per fixture line: the line is the only one in the file
   * containing the key. A kind of {@code -} means the line is not a failure. Empty cells mean
   * "absent".
   */
  @ParameterizedTest(name = "{0} [{1}] -> {2}")
  @CsvFileSource(
      resources = "/logs/expected-findings.psv",
      delimiter = '|',
      nullValues = "",
      numLinesToSkip = 1)
  void readsEachFixtureLineIntoTheExpectedFinding(
      String file,
      String key,
      String kind,
      String phase,
      String upstream,
      String client,
      String request,
      Integer status,
      String time) {
    String line = Fixtures.line(file, key);
    String format = formatOf(file);

    Optional<LogFinding> own = LogFormats.parser(format, Fixtures.CLOCK).parse(line);
    Optional<LogFinding> detected = auto.parse(line);

    assertThat(detected).isEqualTo(own);
    if (kind.equals("-")) {
      assertThat(own).isEmpty();
      return;
    }
    assertThat(own).isPresent();
    LogFinding f = own.get();
    assertThat(f.kind()).isEqualTo(FailureKind.valueOf(kind));
    assertThat(f.format()).isEqualTo(format);
    assertThat(f.phase()).isEqualTo(Optional.ofNullable(phase).map(Phase::valueOf));
    assertThat(f.upstream()).isEqualTo(Optional.ofNullable(upstream));
    assertThat(f.client()).isEqualTo(Optional.ofNullable(client));
    assertThat(f.request()).isEqualTo(Optional.ofNullable(request));
    assertThat(f.status().isPresent() ? (Integer) f.status().getAsInt() : null).isEqualTo(status);
    assertThat(f.time()).isEqualTo(Optional.ofNullable(time).map(Instant::parse));
    assertThat(f.line()).isEqualTo(line);
    assertThat(f.evidence().detail()).isNotBlank();
  }

  static Stream<Arguments> fixtureFiles() {
    return Fixtures.FILES.stream().map(f -> Arguments.of(f.get(0), f.get(1)));
  }

  @ParameterizedTest(name = "{0} is {1}")
  @MethodSource("fixtureFiles")
  void detectsTheFormatOfEachFixtureFile(String file, String format) {
    assertThat(LogFormats.detect(Fixtures.lines(file))).contains(format);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtureFiles")
  void everyFailureLineIsDetectedAsItsOwnFormat(String file, String format) {
    LogParser own = LogFormats.parser(format, Fixtures.CLOCK);
    for (String line : Fixtures.lines(file)) {
      if (own.parse(line).isPresent()) {
        assertThat(LogFormats.detect(line)).as(line).contains(format);
      }
    }
  }

  @Test
  void detectsNoFormatInTextOfNoKnownShape() {
    assertThat(LogFormats.detect("GET / HTTP/1.1")).isEmpty();
    assertThat(LogFormats.detect(List.of("", "hello", "\u0000\u0001"))).isEmpty();
  }

  @Test
  void nonFailureLinesYieldNothingFromAnyParser() {
    List<String> lines = Fixtures.lines("non-failures.log");
    assertThat(lines).hasSizeGreaterThan(15);
    for (String line : lines) {
      assertThat(auto.parse(line)).as(line).isEmpty();
      for (String format : LogFormats.ids()) {
        assertThat(LogFormats.parser(format, Fixtures.CLOCK).parse(line))
            .as(format + ": " + line)
            .isEmpty();
      }
    }
  }

  @Test
  void parsersOfOtherFormatsIgnoreAFixtureLine() {
    String nginx = Fixtures.line("nginx-error.log", "*101 connect()");
    for (String format : LogFormats.ids()) {
      if (!format.equals("nginx")) {
        assertThat(LogFormats.parser(format, Fixtures.CLOCK).parse(nginx)).as(format).isEmpty();
      }
    }
  }

  @Test
  void readsLinesThatCameThroughSyslog() {
    String line =
        "<131>May  1 10:00:00 web1 nginx: [error] 1234#1234: *101 connect() failed (111: "
            + "Connection refused) while connecting to upstream, client: 203.0.113.7, server: a, "
            + "request: \"GET / HTTP/1.1\", upstream: \"http://10.0.0.5:8080/\", host: \"a\"";

    LogFinding f = auto.parse(line).orElseThrow();

    assertThat(f.format()).isEqualTo("nginx");
    assertThat(f.kind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
    assertThat(f.time()).contains(Instant.parse("2024-05-01T10:00:00Z"));
  }

  @Test
  void aSyslogStampFromDecemberReadInJanuaryBelongsToLastYear() {
    LogParser parser =
        LogFormats.parser(
            "haproxy",
            java.time.Clock.fixed(Instant.parse("2025-01-02T00:00:00Z"), java.time.ZoneOffset.UTC));
    String line = "Dec 31 23:59:00 lb1 haproxy[1]: backend be_app has no server available!";

    assertThat(parser.parse(line).orElseThrow().time())
        .contains(Instant.parse("2024-12-31T23:59:00Z"));
  }

  @Test
  void localStampsAreReadInTheClockZone() {
    LogParser parser =
        LogFormats.parser(
            "nginx",
            java.time.Clock.fixed(
                Instant.parse("2024-06-01T00:00:00Z"), java.time.ZoneId.of("Europe/Berlin")));

    LogFinding f = parser.parse(Fixtures.line("nginx-error.log", "*102")).orElseThrow();

    assertThat(f.time()).contains(Instant.parse("2024-05-01T08:00:01Z"));
  }

  @Test
  void anUnknownUpstreamErrorIsReportedAsUnknownRatherThanDropped() {
    String line =
        "2024/05/01 10:00:00 [error] 1#1: *9 upstream did something new while reading "
            + "response header from upstream, client: 203.0.113.7, server: a, request: \"GET / "
            + "HTTP/1.1\", upstream: \"http://10.0.0.5:8080/\", host: \"a\"";

    LogFinding f = auto.parse(line).orElseThrow();

    assertThat(f.kind()).isEqualTo(FailureKind.UNKNOWN);
    assertThat(f.phase()).contains(Phase.RESPONSE_HEADERS);
    assertThat(f.upstream()).contains("10.0.0.5:8080");
  }

  @Test
  void namesIngressNginxWhenItsLuaBalancerFindsNoPeer() {
    String ingress =
        "2024/05/01 10:00:00 [warn] 33#33: *1 [lua] balancer.lua:343: balance(): no "
            + "peer was returned, balancer: default-orders-80, client: 203.0.113.7, server: a, "
            + "request: \"GET / HTTP/1.1\", host: \"a\"";

    LogFinding f = auto.parse(ingress).orElseThrow();

    assertThat(f.responder()).isEqualTo(Responder.INGRESS_NGINX);
    assertThat(f.kind()).isEqualTo(FailureKind.DESTINATION_UNAVAILABLE);
    assertThat(f.upstream()).contains("default-orders-80");
  }

  @Test
  void responderIsTheHopOrTheOriginBehindIt() {
    assertThat(auto.parse(Fixtures.line("haproxy.log", ":51234")).orElseThrow().responder())
        .isEqualTo(Responder.HAPROXY);
    assertThat(auto.parse(Fixtures.line("envoy-access.log", "/health")).orElseThrow().responder())
        .isEqualTo(Responder.ORIGIN);
    assertThat(auto.parse(Fixtures.line("istio-access.log", "0001")).orElseThrow().responder())
        .isEqualTo(Responder.ISTIO);
    assertThat(auto.parse(Fixtures.line("php-fpm.log", "SIGKILL")).orElseThrow().responder())
        .isEqualTo(Responder.ORIGIN);
  }

  @Test
  void rejectsAnUnknownFormatId() {
    assertThatThrownBy(() -> LogFormats.parser("iis"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format: \"iis\" (expected: one of [nginx");
  }

  @Test
  void findingJsonUsesTheDiagnosisFieldNames() {
    LogFinding f = auto.parse(Fixtures.line("nginx-error.log", "*101 connect()")).orElseThrow();

    assertThat(f.toJson())
        .startsWith(
            "{\"time\":\"2024-05-01T10:00:00Z\",\"format\":\"nginx\","
                + "\"kind\":\"connection_refused\",\"proxyStatus\":\"connection_refused\","
                + "\"phase\":\"connect\",\"responder\":\"nginx\",\"status\":502,"
                + "\"upstream\":\"10.0.0.5:8080\",\"client\":\"203.0.113.7\","
                + "\"request\":\"GET /api/orders HTTP/1.1\",\"evidence\":[{\"source\":\"log\","
                + "\"detail\":\"connect() failed (111: Connection refused) while connecting to "
                + "upstream\"}],\"line\":\"2024/05/01 10:00:00 [error]")
        .endsWith("host: \\\"api.example.com\\\"\"}");
    LogFinding noTime = auto.parse(Fixtures.line("varnish.log", "overflow")).orElseThrow();
    assertThat(noTime.toJson()).contains("\"time\":null").contains("\"upstream\":null");
  }

  @Test
  void findingsKeepHugeFieldsBounded() {
    String path = "/" + "a".repeat(100_000);
    String line =
        "2024/05/01 10:00:00 [error] 1#1: *9 no live upstreams while connecting to "
            + "upstream, client: 203.0.113.7, server: a, request: \"GET "
            + path
            + " HTTP/1.1\", "
            + "upstream: \"http://backend"
            + path
            + "\", host: \"a\"";

    LogFinding f = auto.parse(line).orElseThrow();

    assertThat(f.line()).hasSize(LogFinding.MAX_LINE);
    assertThat(f.request().orElseThrow()).hasSize(LogFinding.MAX_FIELD);
    assertThat(f.upstream()).contains("backend");
  }

  private static String formatOf(String file) {
    return Fixtures.FILES.stream()
        .filter(f -> f.get(0).equals(file))
        .findFirst()
        .orElseThrow()
        .get(1);
  }
}
