package dev.failsoft.examples.webflux;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import dev.failsoft.policy.RetryPolicy;
import dev.failsoft.webflux.FailsoftExchangeFilterFunction;
import dev.failsoft.webflux.RouteRule;
import dev.failsoft.webflux.StaleIfErrorWebFilter;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * A WebFlux news site: each page is made from a story the upstream content API returns. The API is
 * called through {@link FailsoftExchangeFilterFunction} (safe retries, per-host budget and breaker,
 * a diagnosis on every failure), and {@link StaleIfErrorWebFilter} serves the last good page,
 * marked, when the API fails anyway.
 */
@SpringBootApplication
public class NewsApplication {

  /**
   * Starts the site.
   *
   * @param args Spring Boot arguments, such as {@code --news.upstream=http://127.0.0.1:8081}
   */
  public static void main(String[] args) {
    SpringApplication.run(NewsApplication.class, args);
  }

  // spotless:off (the README shows this region as written)
  // tag::webflux-quickstart[]
  @Bean                                   // a WebFilter bean: WebFlux runs it on every request
  StaleIfErrorWebFilter staleIfError() {
    return StaleIfErrorWebFilter.builder()
        .route(RouteRule.forPattern("/admin/**").enabled(false).build())
        .route(RouteRule.forPattern("/news/**")
            .maxStale(Duration.ofMinutes(10))          // how stale a copy may be served
            .softDeadline(Duration.ofSeconds(2))       // slower than this: the copy, at once
            .build())
        .build();
  }

  @Bean
  WebClient contentApi(WebClient.Builder builder, @Value("${news.upstream}") String upstream) {
    return builder.baseUrl(upstream)
        .filter(FailsoftExchangeFilterFunction.builder()   // owns the retries: no .retry()
            .retryPolicy(RetryPolicy.builder().maxAttempts(3).deadline(Duration.ofSeconds(5)).build())
            .build())
        .build();
  }
  // end::webflux-quickstart[]
  // spotless:on

  @Bean
  RouterFunction<ServerResponse> pages(WebClient contentApi) {
    return route(
        GET("/news/{id}"),
        request ->
            contentApi
                .get()
                .uri("/stories/{id}", request.pathVariable("id"))
                .retrieve()
                .bodyToMono(String.class)
                .flatMap(
                    story ->
                        ServerResponse.ok()
                            .contentType(MediaType.TEXT_HTML)
                            .header("Cache-Control", "max-age=5")
                            .bodyValue("<html><body><h1>" + story + "</h1></body></html>")));
  }
}
