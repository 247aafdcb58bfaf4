package dev.failsoft.diagnosis.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.diagnosis.Diagnoser;
import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Responder;
import dev.failsoft.diagnosis.logs.LogAnalyzer;
import dev.failsoft.diagnosis.logs.LogFinding;
import dev.failsoft.testing.CaptureCase;
import dev.failsoft.testing.CaptureProxy.Product;
import dev.failsoft.testing.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scores the diagnosis on the bytes real proxies wrote ({@code fixtures/captured/}, written by
 * {@link ProxyCaptureHarnessTest}), with no binary needed: who answered (the proxy, or the origin
 * whose answer it relayed), whether an RFC 9209 type is claimed that the case contradicts, and
 * whether {@code failsoft logs} finds the right type in the proxy's own log of the failure.
 *
 * <p>Truth comes from the case, not from the bytes: the harness made the origin refuse, hang,
 * reset, close, send garbage or oversized headers, or fail DNS, so each capture's right answer is
 * known independently of what any product wrote.
 */
class CapturedDiagnosisTest {
  static final Diagnoser DIAGNOSER = Diagnoser.standard();
  static final Path ROOT = root();

  /** One captured response, with what it should be diagnosed as. */
  record Capture(Product product, CaptureCase c, RawHttp.Response response) {
    @Override
    public String toString() {
      return product.id() + "/" + c.id();
    }

    Responder expectedResponder() {
      return c.originAnswers() ? Responder.ORIGIN : responderOf(product);
    }

    boolean isErrorResponse() {
      return response.status() >= 500 || response.status() == 429;
    }

    Diagnosis diagnose() {
      return DIAGNOSER.diagnose(response.head().orElseThrow(), response.body());
    }
  }

  static Responder responderOf(Product p) {
    return switch (p) {
      case NGINX -> Responder.NGINX;
      case HAPROXY -> Responder.HAPROXY;
      case APACHE -> Responder.APACHE;
      case VARNISH -> Responder.VARNISH;
      case SQUID -> Responder.SQUID;
      case CADDY -> Responder.CADDY;
    };
  }

  static Path root() {
    URL url = CapturedDiagnosisTest.class.getResource("/fixtures/captured");
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Capture> captures() {
    List<Capture> all = new ArrayList<>();
    for (Product p : Product.values()) {
      for (CaptureCase c : CaptureCase.values()) {
        Path http = ROOT.resolve(p.id()).resolve(c.id() + ".http");
        if (Files.exists(http)) {
          all.add(new Capture(p, c, RawHttp.parse(bytes(http))));
        }
      }
    }
    return all;
  }

  static Stream<Capture> errorResponses() {
    return captures().stream().filter(Capture::isErrorResponse);
  }

  static byte[] bytes(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A specific RFC 9209 type the case contradicts: a family or unknown is never wrong. */
  static boolean confidentlyWrong(FailureKind kind, CaptureCase c) {
    return kind.proxyStatus().isPresent() && !c.rightKinds().contains(kind);
  }

  @Test
  void everyProductAndEveryCaseWasCaptured() {
    for (Product p : Product.values()) {
      for (CaptureCase c : CaptureCase.values()) {
        if (p == Product.VARNISH && c == CaptureCase.DNS_FAIL) {
          continue; // varnish resolves backends at VCL load: no request-time DNS failure exists
        }
        Path dir = ROOT.resolve(p.id());
        assertThat(
                Files.exists(dir.resolve(c.id() + ".http"))
                    || Files.exists(dir.resolve(c.id() + ".raw")))
            .as("%s/%s captured", p.id(), c.id())
            .isTrue();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errorResponses")
  void namesTheHopThatWroteTheAnswerAndNoCauseTheAnswerCannotSupport(Capture capture) {
    Diagnosis d = capture.diagnose();

    assertThat(d.responder())
        .as("responder; %s", d.summary())
        .isEqualTo(capture.expectedResponder());
    assertThat(confidentlyWrong(d.kind(), capture.c))
        .as(
            "%s claims %s; right would be %s or a family",
            capture, d.kind(), capture.c.rightKinds())
        .isFalse();
  }

  @Test
  void meetsTheIssueTargetsOnEveryRealErrorResponse() {
    List<Capture> errors = errorResponses().toList();
    int right = 0;
    int wrong = 0;
    for (Capture c : errors) {
      Diagnosis d = c.diagnose();
      boolean responderRight = d.responder().equals(c.expectedResponder());
      boolean kindWrong = confidentlyWrong(d.kind(), c.c);
      right += responderRight ? 1 : 0;
      wrong += kindWrong ? 1 : 0;
      if (!responderRight || kindWrong) {
        System.out.printf(
            Locale.ROOT, "  miss %s (%s): %s%n", c, c.response.statusLine(), d.summary());
      }
    }
    double responderRight = 100.0 * right / errors.size();
    double confidentlyWrong = 100.0 * wrong / errors.size();
    System.out.printf(
        Locale.ROOT,
        "captured error responses: %d, responder right %.1f%%, confidently wrong type %.1f%%%n",
        errors.size(),
        responderRight,
        confidentlyWrong);
    assertThat(errors).hasSizeGreaterThanOrEqualTo(50);
    assertThat(responderRight).isGreaterThanOrEqualTo(97.0);
    assertThat(confidentlyWrong).isLessThanOrEqualTo(2.0);
  }

  /** The logs a product writes that name upstream failures (an access log of Apache does not). */
  static List<String> failureLogs(Product p) {
    return switch (p) {
      case NGINX, APACHE -> List.of("error.log");
      case HAPROXY -> List.of("haproxy.log");
      case VARNISH -> List.of("varnishlog");
      case SQUID -> List.of("access.log", "cache.log");
      case CADDY -> List.of("caddy.log");
    };
  }

  /** A proxy-made failure whose log the analyzer should explain. */
  record LogCase(Product product, CaptureCase c, List<Path> logs) {
    @Override
    public String toString() {
      return product.id() + "/" + c.id();
    }

    List<LogFinding> findings() throws IOException {
      List<LogFinding> all = new ArrayList<>();
      for (Path log : logs) {
        try (InputStream in = Files.newInputStream(log)) {
          LogAnalyzer.standard().analyze(in, all::add);
        }
      }
      return all;
    }

    boolean right(List<LogFinding> findings) {
      boolean anyRight = findings.stream().anyMatch(f -> c.rightKinds().contains(f.kind()));
      boolean anyWrong = findings.stream().anyMatch(f -> confidentlyWrong(f.kind(), c));
      return anyRight && !anyWrong;
    }
  }

  static Stream<LogCase> proxyFailureLogs() {
    List<LogCase> all = new ArrayList<>();
    for (Product p : Product.values()) {
      for (CaptureCase c : CaptureCase.values()) {
        Path dir = ROOT.resolve(p.id());
        Path http = dir.resolve(c.id() + ".http");
        boolean failed =
            Files.exists(dir.resolve(c.id() + ".raw"))
                || Files.exists(http) && RawHttp.parse(bytes(http)).status() >= 500;
        if (c.originAnswers() || !failed) {
          continue;
        }
        List<Path> logs = failureLogs(p).stream().map(l -> dir.resolve(c.id() + "." + l)).toList();
        all.add(new LogCase(p, c, logs));
      }
    }
    return all.stream();
  }

  /**
   * Logs that hold only the family: Squid's default access.log records a 502 after contacting the
   * origin ({@code TCP_MISS/502 … HIER_DIRECT}) alike for a reset, a close and an oversized header,
   * and its cache.log at the default level says nothing of them.
   */
  static final Set<String> FAMILY_ONLY =
      Set.of("squid/reset", "squid/close", "squid/too-big-header");

  @ParameterizedTest(name = "{0}")
  @MethodSource("proxyFailureLogs")
  void findsTheRightTypeInTheProxysOwnLogOrOnlyTheFamilyWhenTheLogSaysNoMore(LogCase log)
      throws IOException {
    List<LogFinding> findings = log.findings();
    String seen =
        findings.stream().map(f -> f.kind() + " <- " + f.evidence().detail()).toList().toString();
    if (FAMILY_ONLY.contains(log.toString())) {
      assertThat(findings).as(seen).isNotEmpty();
      assertThat(findings).as(seen).allSatisfy(f -> assertThat(f.kind().proxyStatus()).isEmpty());
      return;
    }
    assertThat(log.right(findings))
        .as("%s: findings %s; right would be %s", log, seen, log.c.rightKinds())
        .isTrue();
  }

  @Test
  void findsTheRightTypeInAllButTheFamilyOnlyRealProxyLogs() throws IOException {
    List<LogCase> cases = proxyFailureLogs().toList();
    int right = 0;
    for (LogCase c : cases) {
      right += c.right(c.findings()) ? 1 : 0;
    }
    double percent = 100.0 * right / cases.size();
    System.out.printf(
        Locale.ROOT, "captured proxy failure logs: %d, right type %.1f%%%n", cases.size(), percent);
    assertThat(right).isEqualTo(cases.size() - FAMILY_ONLY.size());
  }

  @Test
  void relaysTheOriginsOwnAnswerThroughEveryProxyAsTheOrigins() {
    for (Capture c : captures()) {
      if (!c.c.originAnswers()) {
        continue;
      }
      Diagnosis d = c.diagnose();
      assertThat(d.responder()).as("%s: %s", c, d.summary()).isEqualTo(Responder.ORIGIN);
      assertThat(d.kind()).as("%s", c).isIn(c.c.rightKinds());
    }
  }
}
