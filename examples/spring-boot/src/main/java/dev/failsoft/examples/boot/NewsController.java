package dev.failsoft.examples.boot;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.failsoft.cache.ProxyStatus;
import dev.failsoft.okhttp.UpstreamFailureException;
import java.io.IOException;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.HtmlUtils;

/** Renders {@code /news/{slug}} from the upstream's {@code /articles/{slug}}. */
@RestController
class NewsController {

  /** What the content API sends for one article. */
  record Article(String title, String body) {}

  private static final String UNAVAILABLE =
      "<!doctype html><title>Unavailable</title><p>This story is unavailable right now.</p>";

  private final OkHttpClient client;
  private final HttpUrl articles;
  private final ObjectMapper json;

  NewsController(OkHttpClient client, NewsProperties news, ObjectMapper json) {
    this.client = client;
    this.articles = HttpUrl.get(news.upstream()).resolve("articles/");
    this.json = json;
  }

  @GetMapping(path = "/news/{slug}", produces = MediaType.TEXT_HTML_VALUE)
  ResponseEntity<String> article(@PathVariable String slug) throws IOException {
    HttpUrl url = articles.newBuilder().addPathSegment(slug).build();
    try (Response upstream = client.newCall(new Request.Builder().url(url).build()).execute()) {
      if (upstream.code() == 404) {
        throw new ResponseStatusException(HttpStatus.NOT_FOUND);
      }
      if (!upstream.isSuccessful()) {
        // Failsoft has retried what was safe to retry and added its Proxy-Status member to the
        // upstream's; passing them on lets StaleIfErrorFilter diagnose the 502 precisely.
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY)
            .header(ProxyStatus.HEADER, upstream.headers(ProxyStatus.HEADER).toArray(String[]::new))
            .body(UNAVAILABLE);
      }
      Article article = json.readValue(upstream.body().string(), Article.class);
      // Explicit freshness makes the page storable; StaleIfErrorFilter keeps the last good copy.
      return ResponseEntity.ok()
          .cacheControl(CacheControl.maxAge(Duration.ofSeconds(30)))
          .body(page(article));
    }
  }

  /** The call failed without a response (refused, reset, timed out) after Failsoft's retries. */
  @ExceptionHandler(UpstreamFailureException.class)
  ResponseEntity<String> upstreamFailed(UpstreamFailureException e) {
    return ResponseEntity.status(HttpStatus.BAD_GATEWAY)
        .contentType(MediaType.TEXT_HTML)
        .header(ProxyStatus.HEADER, ProxyStatus.member("news", e.diagnosis(), false))
        .body(UNAVAILABLE);
  }

  private static String page(Article article) {
    String title = escape(article.title());
    return "<!doctype html><meta charset=utf-8><title>"
        + title
        + "</title><h1>"
        + title
        + "</h1><p>"
        + escape(article.body())
        + "</p>";
  }

  /** Escapes markup only; the page is UTF-8, so other characters stay as they are. */
  private static String escape(String text) {
    return HtmlUtils.htmlEscape(text, "UTF-8");
  }
}
