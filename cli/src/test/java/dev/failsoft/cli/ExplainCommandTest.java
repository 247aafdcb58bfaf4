package dev.failsoft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExplainCommandTest {
  @TempDir Path dir;

  private Path fixture(String name) throws IOException {
    return Samples.copy(dir, "fixtures", name);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @ParameterizedTest
  @CsvSource({
    "nginx-502.http, 502, nginx",
    "haproxy-503.http, 503, haproxy",
    "envoy-503-uf.http, 503, envoy",
    "alb-502-h2.http, 502, aws-alb",
    "cloudflare-522-plain.http, 522, cloudflare"
  })
  void explainsSavedProxyResponsesAndExitsFailing(String file, int status, String responder)
      throws IOException {
    Run r = Run.of("explain", fixture(file).toString());

    assertThat(r.code()).as(r.err()).isEqualTo(FailsoftCli.FAILING);
    assertThat(r.out()).startsWith(status + " from " + responder + ":").contains("remedy: ");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void readsStandardInputWithBareLineFeedsAndAnHttp2StatusLineWithoutReason() {
    Run r =
        Run.withStdin(
            ascii(
                "HTTP/2 502\nserver: nginx/1.25.3\ncontent-type: text/html\n\n"
                    + "<html><center><h1>502 Bad Gateway</h1></center><hr><center>nginx/1.25.3</center>"),
            "explain");

    assertThat(r.code()).isEqualTo(FailsoftCli.FAILING);
    assertThat(r.out()).startsWith("502 from nginx:");
  }

  @Test
  void decodesAChunkedBodySoAChunkBoundaryCannotHideTheSignature() {
    // No Server field: only the body names nginx (so the hop is ingress-nginx, which clears
    // Server), and the chunk boundary splits that name.
    Run r =
        Run.withStdin(
            ascii(
                "HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n"
                    + "3f\r\n<html><head><title>502 Bad Gateway</title></head><body><center>\r\n"
                    + "30\r\n<h1>502 Bad Gateway</h1></center><hr><center>ngi\r\n"
                    + "1b\r\nnx</center></body></html>\r\n\r\n0\r\n\r\n"),
            "explain");

    assertThat(r.code()).as(r.err()).isEqualTo(FailsoftCli.FAILING);
    assertThat(r.out())
        .startsWith("502 from ingress-nginx:")
        .contains("nginx-style error page signed \"nginx\"");
  }

  @Test
  void dashMeansStandardInput() {
    Run r =
        Run.withStdin(
            ascii("HTTP/1.1 504 Gateway Time-out\r\nServer: nginx\r\n\r\n"), "explain", "-");

    assertThat(r.code()).isEqualTo(FailsoftCli.FAILING);
    assertThat(r.out()).startsWith("504 from ").contains("gateway_timeout");
  }

  @Test
  void writesTheDiagnosisJsonInsideTheEnvelope() throws IOException {
    Run r = Run.of("explain", "--json", fixture("haproxy-504.http").toString());

    assertThat(r.code()).isEqualTo(FailsoftCli.FAILING);
    assertThat(r.out().strip())
        .startsWith(
            "{\"status\":504,\"reason\":\"Gateway Time-out\",\"failing\":true,"
                + "\"diagnosis\":{\"kind\":\"")
        .contains("\"responder\":\"haproxy\"", "\"remedies\":[", "\"retryable\":")
        .endsWith("}}")
        .doesNotContain("\n");
  }

  @Test
  void aSuccessfulResponseIsNotAFailureAndExitsZero() {
    Run r = Run.withStdin(ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"), "explain");

    assertThat(r.code()).isEqualTo(FailsoftCli.OK);
    assertThat(r.out()).contains("200 OK: not an upstream failure");
  }

  @Test
  void aHeadWithoutBlankLineOrBodyIsStillExplained() {
    Run r = Run.withStdin(ascii("HTTP/1.0 503\r\nRetry-After: 30"), "explain", "--json");

    assertThat(r.code()).isEqualTo(FailsoftCli.FAILING);
    assertThat(r.out()).contains("\"status\":503", "\"retryAfterSeconds\":30");
  }

  @Test
  void aBinaryBodyIsReadAsBytes() {
    byte[] head =
        ascii("HTTP/1.1 502 Bad Gateway\r\nContent-Type: application/octet-stream" + "\r\n\r\n");
    byte[] body = new byte[20_000];
    new Random(7).nextBytes(body);
    byte[] all = new byte[head.length + body.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(body, 0, all, head.length, body.length);

    Run r = Run.withStdin(all, "explain");

    assertThat(r.code()).isEqualTo(FailsoftCli.FAILING);
    assertThat(r.out()).startsWith("502 ");
  }

  @Test
  void foldedAndMalformedHeaderLinesAreTolerated() {
    Run r =
        Run.withStdin(
            ascii(
                "HTTP/1.1 502 Bad Gateway\r\nServer:\r\n  nginx/1.22.1\r\n"
                    + "this line is not a field\r\n: nameless\r\n\r\n"),
            "explain");

    assertThat(r.code()).isEqualTo(FailsoftCli.FAILING);
    assertThat(r.out()).contains("Server: nginx/1.22.1");
  }

  @Test
  void garbageIsAOneLineUsageError() {
    Run r = Run.withStdin(ascii("<html>this is a page, not a response</html>\n"), "explain");

    assertThat(r.code()).isEqualTo(FailsoftCli.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.oneLineError()).as(r.err()).isTrue();
    assertThat(r.err()).startsWith("failsoft explain: not an HTTP response");
  }

  @Test
  void binaryGarbageAndEmptyInputAreUsageErrors() {
    byte[] noise = new byte[4096];
    new Random(1).nextBytes(noise);

    for (byte[] input :
        new byte[][] {
          noise,
          new byte[0],
          ascii("\r\n\r\n"),
          ascii("HTTP/1.1 99999 Huge\r\n\r\n"),
          ascii("HTTP/1.1 OK\r\n\r\n")
        }) {
      Run r = Run.withStdin(input, "explain");
      assertThat(r.code()).isEqualTo(FailsoftCli.USAGE);
      assertThat(r.oneLineError()).as(r.err()).isTrue();
    }
  }

  @Test
  void aMissingFileIsAOneLineUsageError() {
    Run r = Run.of("explain", dir.resolve("nope.http").toString());

    assertThat(r.code()).isEqualTo(FailsoftCli.USAGE);
    assertThat(r.err().strip())
        .isEqualTo("failsoft explain: no such file: " + dir.resolve("nope.http"));
  }

  @Test
  void anEndlessHeadIsRefusedNotBuffered() {
    byte[] huge = ascii("HTTP/1.1 502 Bad Gateway\r\nX: " + "a".repeat(200_000) + "\r\n\r\n");

    Run r = Run.withStdin(huge, "explain");

    assertThat(r.code()).isEqualTo(FailsoftCli.USAGE);
    assertThat(r.err()).contains("response head is longer than");
  }
}
