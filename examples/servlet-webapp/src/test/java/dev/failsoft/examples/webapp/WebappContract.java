package dev.failsoft.examples.webapp;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import dev.failsoft.testing.FaultServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The example web application, deployed from its own {@code src/main/webapp} (so from its web.xml,
 * nothing configured in code) on a real container, in front of a loopback upstream that fails for
 * real.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WebappContract {
  static final Path WEBAPP = Path.of("src/main/webapp");

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private FaultServer upstream;
  private Deployed container;

  /** A running container serving {@link #WEBAPP} with {@code upstream} as its context param. */
  interface Deployed {
    int port();

    void stop() throws Exception;
  }

  abstract Deployed deploy(Path webapp, String upstream) throws Exception;

  @BeforeAll
  void start() throws Exception {
    upstream = FaultServer.start();
    container = deploy(WEBAPP, "http://127.0.0.1:" + upstream.port());
  }

  @AfterAll
  void stop() throws Exception {
    container.stop();
    upstream.close();
  }

  @BeforeEach
  void upstreamAnswers() {
    upstream.mode(FaultServer.Mode.OK).respond(200, "OK", "text/plain", "Markets calm");
  }

  @Test
  void rendersThePageFromTheUpstream() throws Exception {
    HttpResponse<String> page = get("/news/today");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<p>Markets calm</p>");
    assertThat(page.headers().firstValue("Cache-Status")).isEmpty();
  }

  @Test
  void servesTheStoredCopyMarkedStaleWhenTheUpstreamFails() throws Exception {
    String good = get("/news/stale").body();
    upstream.mode(FaultServer.Mode.RESET);

    HttpResponse<String> page = get("/news/stale");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).isEqualTo(good);
    assertThat(page.headers().firstValue("Age")).isPresent();
    assertThat(page.headers().firstValue("Cache-Status"))
        .get(as(STRING))
        .startsWith("Failsoft;")
        .contains("fwd=stale", "fwd-status=502");
  }

  @Test
  void passesTheErrorThroughOnTheRouteWebXmlTurnsOff() throws Exception {
    assertThat(get("/admin/report").statusCode()).isEqualTo(200);
    upstream.mode(FaultServer.Mode.RESET);

    HttpResponse<String> page = get("/admin/report");

    assertThat(page.statusCode()).isEqualTo(502);
    assertThat(page.headers().firstValue("Cache-Status")).isEmpty();
    assertThat(page.headers().firstValue("Age")).isEmpty();
  }

  @Test
  void passesTheErrorThroughWhenNoCopyWasEverStored() throws Exception {
    upstream.mode(FaultServer.Mode.RESET);

    HttpResponse<String> page = get("/news/never-seen");

    assertThat(page.statusCode()).isEqualTo(502);
    assertThat(page.headers().firstValue("Proxy-Status")).isPresent();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + container.port() + path)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
