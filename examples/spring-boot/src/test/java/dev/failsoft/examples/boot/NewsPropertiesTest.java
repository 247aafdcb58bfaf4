package dev.failsoft.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** How the shipped application.properties, and broken variants of it, bind at startup. */
class NewsPropertiesTest {

  @Test
  void bindsTheShippedProperties() {
    try (ConfigurableApplicationContext app = start()) {
      NewsProperties news = app.getBean(NewsProperties.class);

      assertThat(news.upstream()).isEqualTo(URI.create("http://localhost:8081/"));
      assertThat(news.callTimeout()).isEqualTo(Duration.ofSeconds(5));
      assertThat(news.maxAttempts()).isEqualTo(3);
      assertThat(news.banner()).isTrue();
      assertThat(news.routes()).hasSize(2);
      assertThat(news.routes().get(0).pattern()).isEqualTo("/news/*");
      assertThat(news.routes().get(0).maxStale()).isEqualTo(Duration.ofMinutes(10));
      assertThat(news.routes().get(0).failureStatuses()).containsExactly(500, 502, 503, 504);
      assertThat(news.routes().get(1).pattern()).isEqualTo("/admin/*");
      assertThat(news.routes().get(1).enabled()).isFalse();
    }
  }

  @Test
  void refusesToStartWithAMalformedRoute() {
    assertThatThrownBy(() -> start("--news.routes[0]=/news/* max-stale=soon").close())
        .hasMessageContaining("Could not bind properties to 'NewsProperties'")
        .rootCause()
        .hasMessageStartingWith("max-stale: \"soon\" (expected: a duration");
  }

  @Test
  void refusesToStartWithoutAnUpstream() {
    assertThatThrownBy(() -> start("--news.upstream=").close())
        .hasMessageContaining("Could not bind properties to 'NewsProperties'")
        .rootCause()
        .hasMessageStartingWith("news.upstream: null (expected: a URL");
  }

  /** Starts the application without its web server, as {@code main} would with {@code args}. */
  private static ConfigurableApplicationContext start(String... args) {
    return new SpringApplicationBuilder(NewsApplication.class)
        .main(NewsApplication.class)
        .web(WebApplicationType.NONE)
        .run(args);
  }
}
