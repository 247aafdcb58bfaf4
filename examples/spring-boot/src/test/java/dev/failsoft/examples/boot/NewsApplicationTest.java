package dev.failsoft.examples.boot;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.catalina.util.ServerInfo;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application as it runs: embedded Tomcat on a random port, application.properties as shipped
 * (only the upstream URL replaced), a WireMock upstream and real HTTP calls.
 *
 * <p>Each test gets a fresh application: the failures of one would otherwise open the client's
 * circuit breaker for the upstream (half of 10 calls failed) and fail the next test fast.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
@ExtendWith(OutputCaptureExtension.class)
class NewsApplicationTest {

  private static final WireMockServer UPSTREAM = new WireMockServer(options().dynamicPort());
  private static final HttpClient BROWSER = HttpClient.newHttpClient();

  static {
    UPSTREAM.start();
  }

  @LocalServerPort int port;
  @Autowired ServletWebServerApplicationContext context;

  @DynamicPropertySource
  static void upstream(DynamicPropertyRegistry registry) {
    registry.add("news.upstream", () -> UPSTREAM.baseUrl() + "/");
  }

  @AfterEach
  void resetUpstream() {
    UPSTREAM.resetAll();
  }

  @AfterAll
  static void stopUpstream() {
    UPSTREAM.stop();
  }

  @Test
  void runsTheFilterOnTomcat10_1AndServlet6_0() {
    assertThat(ServerInfo.getServerNumber()).startsWith("10.1.");
    assertThat(context.getServletContext().getMajorVersion()).isEqualTo(6);
    assertThat(context.getServletContext().getMinorVersion()).isZero();
    assertThat(context.getServletContext().getFilterRegistration("staleIfErrorFilter"))
        .isNotNull()
        .satisfies(r -> assertThat(r.getUrlPatternMappings()).containsExactly("/*"));
  }

  @Test
  void rendersTheArticleFromTheUpstream() throws Exception {
    article("rates", 200, "{\"title\":\"Rates <held>\",\"body\":\"The bank held rates.\"}");

    HttpResponse<String> page = browse("/news/rates");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<h1>Rates &lt;held&gt;</h1>", "The bank held rates.");
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("max-age=30");
    assertThat(page.headers().firstValue("Cache-Status")).isEmpty();
  }

  @Test
  void answersNotFoundForAnArticleTheUpstreamDoesNotHave() throws Exception {
    article("nothing", 404, "no such article");

    HttpResponse<String> page = browse("/news/nothing");

    assertThat(page.statusCode()).isEqualTo(404);
    assertThat(page.headers().firstValue("Cache-Status")).isEmpty();
    assertThat(page.headers().firstValue("Proxy-Status")).isEmpty();
  }

  @Test
  void servesTheLastGoodPageWhenTheUpstreamAnswers502() throws Exception {
    HttpResponse<String> page =
        browseAfterFailure(
            "storm",
            "{\"title\":\"Sturm\",\"body\":\"Böen bis 120 km/h.\"}",
            () -> article("storm", 502, "upstream down"));

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<h1>Sturm</h1>", "Böen bis 120 km/h.");
    assertThat(page.headers().firstValue("Age")).isPresent();
    assertThat(page.headers().firstValue("Cache-Status").orElseThrow())
        .startsWith("Failsoft; fwd=stale; fwd-status=502");
  }

  @Test
  void servesTheLastGoodPageWhenTheUpstreamResetsTheConnection() throws Exception {
    HttpResponse<String> page =
        browseAfterFailure(
            "vote",
            "{\"title\":\"Vote\",\"body\":\"Turnout was 71%.\"}",
            () ->
                UPSTREAM.stubFor(
                    get("/articles/vote")
                        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))));

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Turnout was 71%.");
    assertThat(page.headers().firstValue("Cache-Status").orElseThrow())
        .startsWith("Failsoft; fwd=stale; fwd-status=502");
    // A reset GET is safe to repeat: the client tried max-attempts times before giving up.
    UPSTREAM.verify(3 + 1, getRequestedFor(urlEqualTo("/articles/vote")));
  }

  @Test
  void explainsTheFailureWhenNoGoodPageWasStored(CapturedOutput log) throws Exception {
    article("eclipse", 503, "maintenance");

    HttpResponse<String> page = browse("/news/eclipse");

    assertThat(page.statusCode()).isEqualTo(502);
    assertThat(page.body()).contains("This story is unavailable right now.");
    assertThat(page.headers().firstValue("Cache-Status")).isEmpty();
    assertThat(page.headers().firstValue("Proxy-Status").orElseThrow())
        .startsWith("Failsoft;")
        .contains("received-status=502");
    assertThat(log.getOut())
        .contains("/news/eclipse failed and no stored copy may be served")
        .contains("503 from");
  }

  @Test
  void keepsTheProxyStatusMembersTheApplicationWrote() throws Exception {
    article("eclipse", 503, "maintenance");

    HttpResponse<String> page = browse("/news/eclipse");

    // The client's member for the upstream's 503 first, then the filter's for the page's 502.
    assertThat(page.headers().allValues("Proxy-Status"))
        .singleElement(as(InstanceOfAssertFactories.STRING))
        .contains("received-status=503")
        .endsWith("Failsoft; received-status=502");
  }

  @Test
  void servesTheLastGoodPageWhenTheApplicationFails() throws Exception {
    // The controller cannot read the second answer; failure-statuses on /news/* include 500.
    HttpResponse<String> page =
        browseAfterFailure(
            "match",
            "{\"title\":\"Match\",\"body\":\"It ended 2-1.\"}",
            () -> article("match", 200, "{\"title\":"));

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("It ended 2-1.");
    // The exception left no status to forward; the copy is still fresh (max-age=30).
    assertThat(page.headers().firstValue("Cache-Status").orElseThrow())
        .startsWith("Failsoft; fwd=stale; ttl=")
        .endsWith("; detail=stale-if-error");
  }

  private static void article(String slug, int status, String body) {
    UPSTREAM.stubFor(
        get("/articles/" + slug)
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", status == 200 ? "application/json" : "text/plain")
                    .withBody(body)));
  }

  /** Browses the article while the upstream has it, then again after {@code failure}. */
  private HttpResponse<String> browseAfterFailure(String slug, String json, Runnable failure)
      throws IOException, InterruptedException {
    article(slug, 200, json);
    assertThat(browse("/news/" + slug).statusCode()).isEqualTo(200);
    failure.run();
    return browse("/news/" + slug);
  }

  private HttpResponse<String> browse(String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Accept", "text/html")
            .build();
    return BROWSER.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
