package dev.failsoft.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.cli.internal.DemoOrigin.Mode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code demo --serve} offers a browser: the page, and a URL that switches the origin. */
class DemoServeTest {
  private final HttpClient browser = HttpClient.newHttpClient();

  private HttpResponse<String> get(String url) throws Exception {
    return browser.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theControlUrlSwitchesTheOriginAndTheStalePageCarriesABanner() throws Exception {
    try (DemoOrigin origin = new DemoOrigin();
        Gateway app =
            Gateway.start(
                DemoCommand.settings(origin),
                Map.of(DemoCommand.CONTROL_PATH, new DemoCommand.OriginControl(origin)))) {
      String page = app.url() + "/products/42";
      assertThat(get(page).body()).contains("Product 42");

      HttpResponse<String> switched = get(app.url() + DemoCommand.CONTROL_PATH + "?mode=refusing");
      assertThat(switched.body()).startsWith("origin: refusing");
      assertThat(origin.mode()).isEqualTo(Mode.REFUSING);

      HttpResponse<String> stale = get(page);
      assertThat(stale.statusCode()).isEqualTo(200);
      assertThat(stale.body()).contains("Product 42", "<div role=\"status\"");
      assertThat(stale.headers().firstValue("Cache-Status").orElse("")).contains("fwd=stale");

      assertThat(get(app.url() + DemoCommand.CONTROL_PATH + "?mode=sideways").statusCode())
          .isEqualTo(400);
      assertThat(origin.mode()).isEqualTo(Mode.REFUSING);
    }
  }
}
