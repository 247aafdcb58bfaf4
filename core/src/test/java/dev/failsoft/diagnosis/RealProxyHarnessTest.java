package dev.failsoft.diagnosis;

import static dev.failsoft.testing.UpstreamFault.GARBAGE;
import static dev.failsoft.testing.UpstreamFault.HANG;
import static dev.failsoft.testing.UpstreamFault.INVALID_HEADER;
import static dev.failsoft.testing.UpstreamFault.ORIGIN_500;
import static dev.failsoft.testing.UpstreamFault.REFUSED;
import static dev.failsoft.testing.UpstreamFault.RESET;
import static dev.failsoft.testing.UpstreamFault.TOO_BIG_HEADER;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.failsoft.testing.FaultServer;
import dev.failsoft.testing.HaproxyProcess;
import dev.failsoft.testing.NginxProcess;
import dev.failsoft.testing.ProxyProcess;
import dev.failsoft.testing.RawHttp;
import dev.failsoft.testing.UpstreamFault;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.TestAbortedException;

/**
 * Raw facts of real nginx and HAProxy failures: each test starts the Debian binary with a generated
 * config in front of a {@link FaultServer} (or a closed port) and checks, over a plain socket, the
 * status line, headers and body bytes the proxy really sends plus the log line that names the
 * cause. Tests skip when the binary is not installed.
 *
 * <p>Every capture is compared with the committed fixture in {@code fixtures/real/} (the Date
 * header aside) when the installed version is the one the fixtures were captured from, so the
 * fixtures stay honest. Run with {@code -Dfailsoft.writeFixtures=true} to recapture them.
 */
class RealProxyHarnessTest {
  static final Duration WAIT = Duration.ofSeconds(5);
  static final String NGINX_FIXTURE_VERSION = "nginx version: nginx/1.22.1";
  static final String HAPROXY_FIXTURE_VERSION = "HAProxy version 2.6.";
  static final Path FIXTURES = Path.of("src/test/resources/fixtures/real");
  static final boolean WRITE = Boolean.getBoolean("failsoft.writeFixtures");
  static final Map<String, String> LOG_LINES = new LinkedHashMap<>();

  /** Compares the live capture with the committed fixture, or writes it when recapturing. */
  static void fixture(
      String name, String versionPrefix, String version, RawHttp.Response live, String logLine)
      throws IOException {
    if (WRITE) {
      Files.createDirectories(FIXTURES);
      Files.write(FIXTURES.resolve(name), live.raw());
      LOG_LINES.put(name, logLine);
      return;
    }
    if (!version.startsWith(versionPrefix)) {
      return; // Another version may legitimately differ (the Server header at least).
    }
    assertThat(withoutDate(live.rawText())).isEqualTo(withoutDate(resource(name)));
  }

  static String resource(String name) throws IOException {
    try (InputStream in =
        RealProxyHarnessTest.class.getResourceAsStream("/fixtures/real/" + name)) {
      assertThat(in).as("fixture %s", name).isNotNull();
      return new String(in.readAllBytes(), ISO_8859_1);
    }
  }

  static String withoutDate(String raw) {
    return raw.replaceFirst("(?m)^Date: [^\r\n]*\r\n", "");
  }

  @AfterAll
  static void writeLogLines() throws IOException {
    if (WRITE && !LOG_LINES.isEmpty()) {
      StringBuilder nginx = new StringBuilder();
      StringBuilder haproxy = new StringBuilder();
      LOG_LINES.forEach(
          (name, line) -> {
            if (!line.isEmpty()) {
              (name.startsWith("nginx") ? nginx : haproxy).append(line).append('\n');
            }
          });
      Files.writeString(FIXTURES.resolve("nginx-1.22-error.log"), nginx, ISO_8859_1);
      Files.writeString(FIXTURES.resolve("haproxy-2.6.log"), haproxy, ISO_8859_1);
    }
  }

  @Test
  void skipsWithAMessageNamingTheMissingBinary() {
    assertThatThrownBy(() -> ProxyProcess.assumeBinary("failsoft-no-such-proxy"))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("failsoft-no-such-proxy not installed:");
  }

  /**
   * The captured nginx 502s for a refused connect, a reset, an invalid header and a too-big header
   * are the same bytes (Date aside): a diagnoser reading the response cannot tell them apart, only
   * nginx's error log can.
   */
  @Test
  void nginxSendsTheSame502PageWhateverTheUpstreamFailure() throws IOException {
    String refused = withoutDate(resource("nginx-1.22-502-refused.http"));
    for (String other :
        new String[] {
          "nginx-1.22-502-reset.http",
          "nginx-1.22-502-invalid-header.http",
          "nginx-1.22-502-too-big-header.http"
        }) {
      assertThat(withoutDate(resource(other))).as(other).isEqualTo(refused);
    }
    assertThat(refused).startsWith("HTTP/1.1 502 Bad Gateway\r\nServer: nginx/1.22.1\r\n");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"nginx", "haproxy"})
  void stopsTheProcessAndFreesThePortOnClose(String product) throws IOException {
    ProxyProcess.assumeBinary(product);
    ProxyProcess proxy =
        product.equals("nginx")
            ? NginxProcess.start(FaultServer.closedPort())
            : HaproxyProcess.start(FaultServer.closedPort());
    int port = proxy.port();
    assertThat(proxy.isAlive()).isTrue();

    proxy.close();

    assertThat(proxy.isAlive()).isFalse();
    assertThatThrownBy(
            () -> {
              try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
              }
            })
        .isInstanceOf(ConnectException.class);
  }

  @Nested
  class Nginx {
    @BeforeEach
    void installed() {
      NginxProcess.assumeInstalled();
    }

    static Stream<Arguments> errorPages() {
      return Stream.of(
          arguments(
              REFUSED,
              502,
              "Bad Gateway",
              "connect() failed (111: Connection refused) while connecting to upstream",
              "nginx-1.22-502-refused.http"),
          arguments(
              HANG,
              504,
              "Gateway Time-out",
              "upstream timed out (110: Connection timed "
                  + "out) while reading response header from upstream",
              "nginx-1.22-504-upstream-timeout.http"),
          arguments(
              RESET,
              502,
              "Bad Gateway",
              "recv() failed (104: Connection reset by peer) "
                  + "while reading response header from upstream",
              "nginx-1.22-502-reset.http"),
          arguments(
              INVALID_HEADER,
              502,
              "Bad Gateway",
              "upstream sent invalid header: "
                  + "\"Bad\\x00...\" while reading response header from upstream",
              "nginx-1.22-502-invalid-header.http"),
          arguments(
              TOO_BIG_HEADER,
              502,
              "Bad Gateway",
              "upstream sent too big header while reading response header from upstream",
              "nginx-1.22-502-too-big-header.http"));
    }

    @ParameterizedTest(name = "{0}: {1} {2}, error log: {3}")
    @MethodSource("errorPages")
    void answersWithItsErrorPageAndLogsTheCause(
        UpstreamFault fault, int status, String reason, String logged, String fixture)
        throws IOException {
      try (FaultServer upstream = FaultServer.start();
          NginxProcess nginx = NginxProcess.start(fault.arm(upstream))) {
        RawHttp.Response r = RawHttp.get(nginx.port(), fault.path(), WAIT);

        String title = status + " " + reason;
        assertThat(r.statusLine()).isEqualTo("HTTP/1.1 " + title);
        assertThat(r.headers().first("Server"))
            .hasValueSatisfying(s -> assertThat(s).startsWith("nginx/"));
        assertThat(r.headers().first("Content-Type")).hasValue("text/html");
        assertThat(r.headers().first("Content-Length")).hasValue(Integer.toString(r.body().length));
        // The special-response template: CRLF lines, title, h1, version tail (server_tokens on).
        assertThat(r.bodyText())
            .startsWith(
                "<html>\r\n<head><title>"
                    + title
                    + "</title></head>\r\n<body>\r\n"
                    + "<center><h1>"
                    + title
                    + "</h1></center>\r\n<hr><center>nginx/")
            .endsWith("</center>\r\n</body>\r\n</html>\r\n");
        assertThat(upstream.requestCount()).isEqualTo(fault.expectedUpstreamRequests());
        String line = nginx.awaitLogLine(logged, WAIT);
        assertThat(line)
            .contains("[error]")
            .contains("request: \"GET " + fault.path() + " HTTP/1.1\"");
        fixture(fixture, NGINX_FIXTURE_VERSION, NginxProcess.version(), r, line);
      }
    }

    /**
     * nginx does NOT answer 502 to a non-HTTP upstream reply: it logs "no valid HTTP/1.0 header"
     * and relays the bytes as an HTTP/0.9 response, with no status line at all (nginx {@code
     * ngx_http_proxy_process_status_line}).
     */
    @Test
    void relaysNonHttpGarbageAsHttp09WithoutAStatusLine() throws IOException {
      try (FaultServer upstream = FaultServer.start();
          NginxProcess nginx = NginxProcess.start(GARBAGE.arm(upstream))) {
        RawHttp.Response r = RawHttp.get(nginx.port(), GARBAGE.path(), WAIT);

        assertThat(r.status()).isEqualTo(-1);
        assertThat(r.statusLine()).isEmpty();
        assertThat(r.rawText()).startsWith("lskdjf@@ not http at all");
        String line =
            nginx.awaitLogLine(
                "upstream sent no valid HTTP/1.0 header while reading "
                    + "response header from upstream",
                WAIT);
        fixture(
            "nginx-1.22-http09-garbage.raw",
            NGINX_FIXTURE_VERSION,
            NginxProcess.version(),
            r,
            line);
      }
    }

    @Test
    void passesTheOrigins500ThroughWithTheAppBody() throws IOException {
      try (FaultServer upstream = FaultServer.start();
          NginxProcess nginx = NginxProcess.start(ORIGIN_500.arm(upstream))) {
        RawHttp.Response r = RawHttp.get(nginx.port(), ORIGIN_500.path(), WAIT);

        assertThat(r.statusLine()).isEqualTo("HTTP/1.1 500 Internal Server Error");
        assertThat(r.headers().first("Server"))
            .hasValueSatisfying(s -> assertThat(s).startsWith("nginx/"));
        assertThat(r.headers().first("Content-Type")).hasValue("application/json");
        assertThat(r.bodyText()).isEqualTo(UpstreamFault.ORIGIN_BODY);
        assertThat(nginx.log()).doesNotContain("[error]");
        fixture("nginx-1.22-500-origin.http", NGINX_FIXTURE_VERSION, NginxProcess.version(), r, "");
      }
    }
  }

  @Nested
  class Haproxy {
    @BeforeEach
    void installed() {
      HaproxyProcess.assumeInstalled();
    }

    static Stream<Arguments> errorPages() {
      String invalid = "The server returned an invalid or incomplete response.";
      return Stream.of(
          arguments(
              REFUSED,
              503,
              "Service Unavailable",
              "No server is available to handle this request.",
              "SC--",
              "haproxy-2.6-503-refused-SC.http"),
          arguments(
              HANG,
              504,
              "Gateway Time-out",
              "The server didn't respond in time.",
              "sH--",
              "haproxy-2.6-504-timeout-sH.http"),
          arguments(
              GARBAGE, 502, "Bad Gateway", invalid, "PH--", "haproxy-2.6-502-garbage-PH.http"),
          arguments(RESET, 502, "Bad Gateway", invalid, "SH--", "haproxy-2.6-502-reset-SH.http"));
    }

    @ParameterizedTest(name = "{0}: {1} {2}, termination state {4}")
    @MethodSource("errorPages")
    void answersWithItsErrorPageAndLogsTheTerminationState(
        UpstreamFault fault, int status, String reason, String text, String state, String fixture)
        throws IOException {
      try (FaultServer upstream = FaultServer.start();
          HaproxyProcess haproxy = HaproxyProcess.start(fault.arm(upstream))) {
        RawHttp.Response r = RawHttp.get(haproxy.port(), fault.path(), WAIT);

        String title = status + " " + reason;
        assertThat(r.statusLine()).isEqualTo("HTTP/1.1 " + title);
        // HAProxy never sends Server; HTX lower-cases header names on the wire.
        assertThat(r.rawText())
            .doesNotContainIgnoringCase("\r\nserver:")
            .contains("\r\ncache-control: no-cache\r\n")
            .contains("\r\ncontent-type: text/html\r\n");
        assertThat(r.headers().first("content-length")).hasValue(Integer.toString(r.body().length));
        assertThat(r.bodyText())
            .isEqualTo("<html><body><h1>" + title + "</h1>\n" + text + "\n</body></html>\n");
        assertThat(upstream.requestCount()).isEqualTo(fault.expectedUpstreamRequests());
        String line = haproxy.awaitLogLine("\"GET " + fault.path() + " HTTP/1.1\"", WAIT);
        assertThat(line).contains(" " + status + " ").contains(" " + state + " ");
        fixture(fixture, HAPROXY_FIXTURE_VERSION, HaproxyProcess.version(), r, line);
      }
    }

    @Test
    void passesTheOrigins500ThroughWithTheAppBody() throws IOException {
      try (FaultServer upstream = FaultServer.start();
          HaproxyProcess haproxy = HaproxyProcess.start(ORIGIN_500.arm(upstream))) {
        RawHttp.Response r = RawHttp.get(haproxy.port(), ORIGIN_500.path(), WAIT);

        assertThat(r.statusLine()).isEqualTo("HTTP/1.1 500 Internal Server Error");
        assertThat(r.headers().contains("Server")).isFalse();
        assertThat(r.bodyText()).isEqualTo(UpstreamFault.ORIGIN_BODY);
        String line = haproxy.awaitLogLine("\"GET " + ORIGIN_500.path() + " HTTP/1.1\"", WAIT);
        assertThat(line).contains(" 500 ").contains(" ---- ");
        fixture(
            "haproxy-2.6-500-origin.http",
            HAPROXY_FIXTURE_VERSION,
            HaproxyProcess.version(),
            r,
            line);
      }
    }
  }
}
