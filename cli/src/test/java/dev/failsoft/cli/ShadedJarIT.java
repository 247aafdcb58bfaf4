package dev.failsoft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.testing.FaultServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shaded jar, and the root launcher that runs it, as real processes: what a user types.
 * Runs in {@code verify}, after {@code package} built {@code target/failsoft.jar}.
 */
class ShadedJarIT {
  private static final Path JAR = Path.of("target", "failsoft.jar").toAbsolutePath();
  private static final Path LAUNCHER = Path.of("..", "failsoft").toAbsolutePath().normalize();

  @TempDir Path dir;

  private record Result(int code, String out, String err) {}

  private Result exec(List<String> command, String stdin) throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectOutput(dir.resolve("out").toFile())
            .redirectError(dir.resolve("err").toFile());
    pb.environment().put("FAILSOFT_NO_BUILD", "1");
    Process p = pb.start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.ISO_8859_1));
    p.getOutputStream().close();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("finished").isTrue();
    return new Result(
        p.exitValue(), Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
  }

  private static List<String> java(String... args) {
    List<String> c =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString()));
    c.addAll(List.of(args));
    return c;
  }

  @Test
  void theShadedJarRunsOnItsOwnWithTheRealExitCodes() throws Exception {
    assertThat(JAR).exists();

    Result explain =
        exec(
            java("explain"),
            "HTTP/1.1 502 Bad Gateway\r\nServer: nginx/1.22.1"
                + "\r\n\r\n<html><center><h1>502 Bad Gateway</h1></center><hr><center>nginx/1.22.1"
                + "</center></html>");
    assertThat(explain.code()).isEqualTo(1);
    assertThat(explain.out()).startsWith("502 from nginx:");
    assertThat(explain.err()).isEmpty(); // no SLF4J chatter, no stack trace

    Result garbage = exec(java("explain"), "not http");
    assertThat(garbage.code()).isEqualTo(2);
    assertThat(garbage.err().lines()).hasSize(1);

    Result version = exec(java("--version"), "");
    assertThat(version.code()).isZero();
    assertThat(version.out()).startsWith("failsoft 0.");
  }

  @Test
  void theLauncherIsValidBashAndRunsTheBuiltJar() throws Exception {
    assertThat(exec(List.of("bash", "-n", LAUNCHER.toString()), "").code()).isZero();

    Result r =
        exec(
            List.of("bash", LAUNCHER.toString(), "logs", "--summary", "-"),
            "2024/05/01 10:00:00 [error] 1#1: *1 connect() failed (111: Connection refused) while "
                + "connecting to upstream, client: 203.0.113.7, server: _, request: \"GET / HTTP/1.1\","
                + " upstream: \"http://10.0.0.5:8080/\", host: \"x\"\n");

    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).startsWith("Summary: 1 lines, 1 upstream failures");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void theGatewayServesStaleOverRealHttpWhileItsUpstreamFails() throws Exception {
    try (FaultServer upstream = FaultServer.start()) {
      upstream.respond(
          ("HTTP/1.1 200 OK\r\nCache-Control: max-age=0\r\nContent-Length: 4\r\n"
                  + "Connection: close\r\n\r\npage")
              .getBytes(StandardCharsets.ISO_8859_1));
      int port;
      try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = free.getLocalPort();
      }
      Path err = dir.resolve("gateway.err");
      Process gateway =
          new ProcessBuilder(
                  java("gateway", "--listen", "127.0.0.1:" + port, "--upstream", upstream.url()))
              .redirectOutput(dir.resolve("gateway.out").toFile())
              .redirectError(err.toFile())
              .start();
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(err).contains("failsoft gateway: http")) {
          assertThat(gateway.isAlive()).as(Files.readString(err)).isTrue();
          assertThat(System.nanoTime()).as("gateway started").isLessThan(deadline);
          Thread.sleep(50);
        }
        HttpClient client = HttpClient.newHttpClient();
        URI page = URI.create("http://127.0.0.1:" + port + "/page");
        HttpResponse<String> fresh =
            client.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(fresh.statusCode()).isEqualTo(200);

        upstream.mode(FaultServer.Mode.RESET);
        HttpResponse<String> stale =
            client.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo("page");
        assertThat(stale.headers().firstValue("Cache-Status").orElse("")).contains("fwd=stale");
      } finally {
        gateway.destroy();
        assertThat(gateway.waitFor(20, TimeUnit.SECONDS)).isTrue();
      }
    }
  }
}
