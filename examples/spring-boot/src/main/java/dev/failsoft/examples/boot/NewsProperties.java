package dev.failsoft.examples.boot;

import dev.failsoft.servlet.RouteRule;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code news.*} settings of application.properties.
 *
 * @param upstream base URL of the content API the pages are made from; required
 * @param callTimeout the longest a page waits for the upstream, all attempts and backoff included
 * @param maxAttempts attempts per upstream call, the first included
 * @param routes StaleIfErrorFilter route rules in {@link RouteRule#parse(String)} form, first match
 *     wins; paths no rule matches get {@link RouteRule#defaults()}
 * @param banner whether a stale page shows a notice of its age
 */
@ConfigurationProperties("news")
public record NewsProperties(
    URI upstream,
    @DefaultValue("5s") Duration callTimeout,
    @DefaultValue("3") int maxAttempts,
    @DefaultValue List<RouteRule> routes,
    @DefaultValue("false") boolean banner) {

  public NewsProperties {
    if (upstream == null || !upstream.isAbsolute()) {
      throw new IllegalArgumentException(
          "news.upstream: " + upstream + " (expected: a URL such as http://localhost:8081/)");
    }
  }
}
