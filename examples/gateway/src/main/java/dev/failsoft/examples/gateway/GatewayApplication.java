package dev.failsoft.examples.gateway;

import dev.failsoft.webflux.RouteRule;
import dev.failsoft.webflux.StaleIfErrorWebFilter;
import java.time.Duration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Cloud Gateway in front of a web site (its routes in {@code application.properties}),
 * guarded by {@link StaleIfErrorWebFilter}: when the site refuses connections, answers 502 or is
 * slow, visitors get the last good copy of the page, marked with {@code Age} and {@code
 * Cache-Status}.
 */
@SpringBootApplication
public class GatewayApplication {

  /**
   * Starts the gateway.
   *
   * @param args Spring Boot arguments, such as {@code --site.origin=http://127.0.0.1:8081}
   */
  public static void main(String[] args) {
    SpringApplication.run(GatewayApplication.class, args);
  }

  // spotless:off (the README shows this region as written)
  // tag::gateway-quickstart[]
  @Bean                         // WebFilters run before the gateway's handler: every route
  StaleIfErrorWebFilter staleIfError() {
    return StaleIfErrorWebFilter.builder()
        .route(RouteRule.forPattern("/api/**").enabled(false).build())  // no copies of API calls
        .defaultRule(RouteRule.forPattern("/**")
            .maxStale(Duration.ofHours(1))
            .softDeadline(Duration.ofSeconds(3))       // slower than this: the copy, at once
            .build())
        .build();
  }
  // end::gateway-quickstart[]
  // spotless:on
}
