package dev.failsoft.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.cache.CaffeineStaleStore;
import dev.failsoft.event.FailsoftListener;
import dev.failsoft.policy.CircuitBreaker;
import dev.failsoft.policy.CircuitState;
import dev.failsoft.servlet.testing.RawHttp;
import dev.failsoft.servlet.testing.ScriptedApp;
import dev.failsoft.servlet.testing.ServletContainer;
import dev.failsoft.testing.MutableClock;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The filter's behaviour over real HTTP, written once and run against each container (see the Jetty
 * and Tomcat subclasses). Paths under {@code /raw/} have the filter switched off, so a handler can
 * be compared with and without the filter.
 */
abstract class StaleIfErrorFilterContract {

  protected abstract ServletContainer.Factory factory();

  protected final MutableClock clock =
      new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  protected final ScriptedApp app = new ScriptedApp();
  protected ServletContainer container;

  protected StaleIfErrorFilter.Builder filter() {
    return StaleIfErrorFilter.builder()
        .clock(clock)
        .route(RouteRule.forPattern("/raw/*").enabled(false).build());
  }

  protected int start(StaleIfErrorFilter.Builder builder) throws Exception {
    container = factory().start(builder.build(), Map.of(), app);
    return container.port();
  }

  protected int start() throws Exception {
    return start(filter());
  }

  @AfterEach
  void stop() throws Exception {
    if (container != null) {
      container.close();
    }
  }

  private static ScriptedApp.Handler page(String body) {
    return (req, res) -> {
      res.setContentType("text/html;charset=UTF-8");
      res.setHeader("Cache-Control", "max-age=60");
      res.setHeader("ETag", "\"v1\"");
      res.getWriter().write(body);
    };
  }

  private static ScriptedApp.Handler status(int status, String body) {
    return (req, res) -> {
      res.setStatus(status);
      res.setContentType("text/plain");
      res.getWriter().write(body);
    };
  }

  // ---- Success path -----------------------------------------------------------------------------

  @Test
  void passesASuccessfulPageThroughUnchanged() throws Exception {
    app.on("/page", page("<html><body>hello</body></html>"));
    int port = start();

    RawHttp.Response r = RawHttp.send(port, "/page");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("<html><body>hello</body></html>");
    assertThat(r.header("ETag")).contains("\"v1\"");
    assertThat(r.header("Cache-Status")).isEmpty();
    assertThat(r.header("Age")).isEmpty();
  }

  // ---- Failure: stored copy
  // -----------------------------------------------------------------------

  @Test
  void servesTheStoredCopyWhenTheApplicationAnswers503() throws Exception {
    app.on("/page", page("<html><body>good</body></html>"));
    int port = start();
    RawHttp.send(port, "/page");
    app.on("/page", status(503, "upstream down"));
    clock.advance(Duration.ofMinutes(3));

    RawHttp.Response r = RawHttp.send(port, "/page");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("<html><body>good</body></html>");
    assertThat(r.header("Age")).contains("180");
    assertThat(r.header("Cache-Status").orElseThrow())
        .startsWith("Failsoft; fwd=stale; fwd-status=503; ttl=-")
        .contains("detail=");
    assertThat(r.header("Content-Length")).contains(Integer.toString(r.body().length));
  }

  @Test
  void servesTheStoredCopyWhenTheApplicationThrows() throws Exception {
    app.on("/page", page("<html><body>good</body></html>"));
    int port = start();
    RawHttp.send(port, "/page");
    app.on(
        "/page",
        (req, res) -> {
          res.getWriter().write("half a page");
          throw new IllegalStateException("database is down");
        });

    RawHttp.Response r = RawHttp.send(port, "/page");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("<html><body>good</body></html>");
    assertThat(r.header("Cache-Status").orElseThrow())
        .contains("fwd=stale")
        .doesNotContain("fwd-status");
  }

  @Test
  void servesTheStoredCopyWhenTheApplicationCallsSendError() throws Exception {
    app.on("/page", page("<html><body>good</body></html>"));
    int port = start();
    RawHttp.send(port, "/page");
    app.on("/page", (req, res) -> res.sendError(502, "bad gateway"));

    RawHttp.Response r = RawHttp.send(port, "/page");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("<html><body>good</body></html>");
    assertThat(r.header("Cache-Status").orElseThrow()).contains("fwd-status=502");
  }

  @Test
  void showsAVisibleBannerOnStaleHtmlWhenAskedTo() throws Exception {
    app.on("/page", page("<html><body class=\"x\"><p>good</p></body></html>"));
    int port = start(filter().banner(true));
    RawHttp.send(port, "/page");
    app.on("/page", status(503, "down"));
    clock.advance(Duration.ofMinutes(3));

    RawHttp.Response r = RawHttp.send(port, "/page");

    assertThat(r.text())
        .startsWith("<html><body class=\"x\"><div role=\"status\"")
        .contains("a copy of this page from 3 minutes ago")
        .endsWith("<p>good</p></body></html>");
    assertThat(r.header("ETag")).contains("W/\"v1\"");
    assertThat(r.header("Content-Length")).contains(Integer.toString(r.body().length));
  }

  @Test
  void answers304ToAMatchingConditionalRequestWhileServingStale() throws Exception {
    app.on("/page", page("<html><body>good</body></html>"));
    int port = start();
    RawHttp.send(port, "/page");
    app.on("/page", status(503, "down"));

    RawHttp.Response matching = RawHttp.send(port, "/page", "If-None-Match: \"v0\", W/\"v1\"");
    RawHttp.Response other = RawHttp.send(port, "/page", "If-None-Match: \"v0\"");

    assertThat(matching.status()).isEqualTo(304);
    assertThat(matching.body()).isEmpty();
    assertThat(matching.header("ETag")).contains("\"v1\"");
    assertThat(matching.header("Cache-Status").orElseThrow()).contains("fwd=stale");
    assertThat(other.status()).isEqualTo(200);
    assertThat(other.text()).isEqualTo("<html><body>good</body></html>");
  }

  @Test
  void replacesAFailureResponseEvenAfterTheApplicationFlushedIt() throws Exception {
    app.on("/page", page("<html><body>good</body></html>"));
    int port = start();
    RawHttp.send(port, "/page");
    app.on(
        "/page",
        (req, res) -> {
          res.setStatus(503);
          res.getOutputStream().write("upstream down".getBytes(StandardCharsets.US_ASCII));
          res.getOutputStream().flush();
          res.flushBuffer();
        });

    RawHttp.Response r = RawHttp.send(port, "/page");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("<html><body>good</body></html>");
  }

  @Test
  void forgetsWhatTheApplicationResetBeforeFailing() throws Exception {
    app.on("/page", page("<html><body>good</body></html>"));
    int port = start();
    RawHttp.send(port, "/page");
    app.on(
        "/page",
        (req, res) -> {
          res.setHeader("X-Draft", "1");
          res.getWriter().write("draft");
          res.reset();
          res.setStatus(504);
          res.getOutputStream().write('x');
        });

    RawHttp.Response r = RawHttp.send(port, "/page");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("<html><body>good</body></html>");
    assertThat(r.header("X-Draft")).isEmpty();
  }

  // ---- Keeping the stored copy current --------------------------------------------------------

  /** A page without validators, dated by the test's clock (so that Age follows the clock). */
  private ScriptedApp.Handler unversioned(String body) {
    return (req, res) -> {
      res.setContentType("text/plain");
      res.setHeader("Cache-Control", "max-age=60");
      res.setHeader("Date", dev.failsoft.http.HttpDate.format(clock.instant()));
      res.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    };
  }

  @Test
  void aPageThatChangesReplacesItsStoredCopyEvenAtTheSameLength() throws Exception {
    app.on("/news", unversioned("edition 1: calm"));
    int port = start();
    RawHttp.send(port, "/news");
    clock.advance(Duration.ofSeconds(5));
    app.on("/news", unversioned("edition 2: news"));
    assertThat(RawHttp.send(port, "/news").text()).isEqualTo("edition 2: news");
    app.on("/news", status(502, "bad gateway"));

    RawHttp.Response r = RawHttp.send(port, "/news");

    assertThat(r.text()).isEqualTo("edition 2: news");
    assertThat(r.header("Age")).contains("0");
  }

  @Test
  void aChangedContentTypeOrCacheControlReplacesTheCopyEvenWithTheSameBody() throws Exception {
    app.on("/doc", unversioned("same bytes"));
    int port = start();
    RawHttp.send(port, "/doc");
    app.on(
        "/doc",
        (req, res) -> {
          res.setContentType("application/json");
          res.setHeader("Cache-Control", "max-age=60, stale-if-error=60");
          res.getOutputStream().write("same bytes".getBytes(StandardCharsets.UTF_8));
        });
    RawHttp.send(port, "/doc");
    app.on("/doc", status(503, "down"));

    RawHttp.Response r = RawHttp.send(port, "/doc");

    assertThat(r.text()).isEqualTo("same bytes");
    assertThat(r.header("Content-Type").orElseThrow()).startsWith("application/json");
    assertThat(r.header("Cache-Control")).contains("max-age=60, stale-if-error=60");
  }

  @Test
  void anUnchangedPageKeepsItsStoredCopyWhileFreshAndRefreshesItOnceStale() throws Exception {
    app.on("/same", unversioned("the same page"));
    int port = start();
    RawHttp.send(port, "/same");
    clock.advance(Duration.ofSeconds(30));
    RawHttp.send(port, "/same");
    app.on("/same", status(503, "down"));

    // While fresh, an identical response leaves the copy as it was: its age counts from receipt.
    assertThat(RawHttp.send(port, "/same").header("Age")).contains("30");

    app.on("/same", unversioned("the same page"));
    clock.advance(Duration.ofSeconds(40));
    RawHttp.send(port, "/same");
    app.on("/same", status(503, "down"));

    RawHttp.Response r = RawHttp.send(port, "/same");
    assertThat(r.text()).isEqualTo("the same page");
    assertThat(r.header("Age")).contains("0");
  }

  @Test
  void pagesOfDifferentSizesNeverShareBytesThroughReusedBuffers() throws Exception {
    byte[] large = new byte[40_000];
    java.util.Arrays.fill(large, (byte) 'L');
    app.on(
        "/large",
        (req, res) -> {
          res.setContentType("application/octet-stream");
          res.setHeader("Cache-Control", "max-age=60");
          res.setContentLength(large.length);
          res.getOutputStream().write(large);
        });
    int port = start();
    for (int i = 0; i < 20; i++) {
      String body = "small page " + i;
      app.on("/small" + i, unversioned(body));
      assertThat(RawHttp.send(port, "/large").body()).isEqualTo(large);
      assertThat(RawHttp.send(port, "/small" + i).text()).isEqualTo(body);
    }
    clock.advance(Duration.ofSeconds(5));
    for (int i = 0; i < 20; i++) {
      app.on("/small" + i, status(502, "bad gateway"));
    }
    app.on("/large", status(502, "bad gateway"));

    for (int i = 0; i < 20; i++) {
      RawHttp.Response r = RawHttp.send(port, "/small" + i);
      assertThat(r.text()).isEqualTo("small page " + i);
      assertThat(r.header("Content-Length")).contains(Integer.toString(r.body().length));
    }
    assertThat(RawHttp.send(port, "/large").body()).isEqualTo(large);
  }

  // ---- Failure: no copy -------------------------------------------------------------------------

  @Test
  void passesTheOriginalErrorThroughWithProxyStatusWhenThereIsNoCopy() throws Exception {
    app.on(
        "/page",
        (req, res) -> {
          res.setStatus(503);
          res.setContentType("text/plain;charset=UTF-8");
          res.setHeader("Retry-After", "30");
          res.getWriter().write("maintenance until noon");
        });
    int port = start();

    RawHttp.Response r = RawHttp.send(port, "/page");

    assertThat(r.status()).isEqualTo(503);
    assertThat(r.text()).isEqualTo("maintenance until noon");
    assertThat(r.header("Retry-After")).contains("30");
    assertThat(r.header("Proxy-Status").orElseThrow()).startsWith("Failsoft");
    assertThat(r.header("Cache-Status")).isEmpty();
  }

  @Test
  void keepsTheProxyStatusMembersTheApplicationWroteBeforeItsOwn() throws Exception {
    app.on(
        "/page",
        (req, res) -> {
          res.setStatus(502);
          res.setHeader("Proxy-Status", "app-client; error=http_response_timeout");
          res.setContentType("text/plain");
          res.getWriter().write("upstream timed out");
        });
    int port = start(filter().fallbackPage("<p>sorry</p>"));
    RawHttp.Response withFallback = RawHttp.send(port, "/page");
    container.close();
    container = null;
    int plain = start();

    RawHttp.Response passedThrough = RawHttp.send(plain, "/page");

    for (RawHttp.Response r : List.of(withFallback, passedThrough)) {
      assertThat(r.status()).isEqualTo(502);
      assertThat(r.header("Proxy-Status").orElseThrow())
          .startsWith("app-client; error=http_response_timeout, Failsoft; ");
    }
    assertThat(passedThrough.text()).isEqualTo("upstream timed out");
  }

  @Test
  void passesAFailureSendErrorThroughToTheContainersErrorPageWhenThereIsNoCopy() throws Exception {
    app.on(
        "/page",
        (req, res) -> {
          res.getWriter().write("discarded by sendError");
          res.sendError(503, "try later");
        });
    int port = start();

    RawHttp.Response r = RawHttp.send(port, "/page");

    assertThat(r.status()).isEqualTo(503);
    assertThat(r.text()).doesNotContain("discarded by sendError");
    assertThat(r.header("Proxy-Status").orElseThrow()).startsWith("Failsoft");
  }

  @Test
  void turnsAnExceptionWithoutACopyIntoAClean500WithoutAStackTrace() throws Exception {
    app.on(
        "/page",
        (req, res) -> {
          throw new IllegalStateException("secret-internal-detail");
        });
    int port = start();

    RawHttp.Response r = RawHttp.send(port, "/page");

    assertThat(r.status()).isEqualTo(500);
    assertThat(r.text()).doesNotContain("secret-internal-detail").doesNotContain("at dev.failsoft");
    assertThat(r.header("Proxy-Status")).isPresent();
  }

  @Test
  void servesTheFallbackPageWhenThereIsNoCopy() throws Exception {
    app.on("/page", status(503, "down"));
    int port = start(filter().fallbackPage("<p>We'll be right back.</p>"));

    RawHttp.Response r = RawHttp.send(port, "/page");

    assertThat(r.status()).isEqualTo(503);
    assertThat(r.text()).isEqualTo("<p>We'll be right back.</p>");
    assertThat(r.header("Proxy-Status")).isPresent();
  }

  @Test
  void passesANonFailureSendErrorToTheContainerUntouched() throws Exception {
    app.on("/page", (req, res) -> res.sendError(404));
    int port = start();

    RawHttp.Response r = RawHttp.send(port, "/page");

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.header("Proxy-Status")).isEmpty();
  }

  // ---- Buffering: exactly as without the filter -----------------------------------------------

  private void assertSameWithAndWithoutFilter(int port, String method, ScriptedApp.Handler handler)
      throws Exception {
    app.on("/on", handler);
    app.on("/raw/off", handler);

    RawHttp.Response with = RawHttp.exchange(port, method, "/on");
    RawHttp.Response without = RawHttp.exchange(port, method, "/raw/off");

    assertThat(with.status()).isEqualTo(without.status());
    assertThat(with.body()).isEqualTo(without.body());
    assertThat(with.chunked()).as("chunked").isEqualTo(without.chunked());
    for (String name :
        new String[] {"Content-Type", "Content-Length", "Content-Language", "X-After"}) {
      assertThat(with.header(name)).as(name).isEqualTo(without.header(name));
    }
  }

  @Test
  void encodesAWriterExactlyAsTheContainerDoes() throws Exception {
    int port = start();
    String text = "caf\u00e9 \u65e5\u672c \u20ac \ud83d\ude00";
    for (String charset : new String[] {"UTF-8", "ISO-8859-1", "Shift_JIS", "UTF-16"}) {
      assertSameWithAndWithoutFilter(
          port,
          "GET",
          (req, res) -> {
            res.setContentType("text/plain");
            res.setCharacterEncoding(charset);
            res.getWriter().print(text);
          });
    }
    assertSameWithAndWithoutFilter(
        port,
        "GET",
        (req, res) -> {
          res.setContentType("text/plain");
          res.setLocale(java.util.Locale.JAPAN);
          PrintWriter w = res.getWriter();
          res.setCharacterEncoding("UTF-16");
          w.print(text);
        });
    assertSameWithAndWithoutFilter(port, "GET", (req, res) -> res.getWriter().print(text));
  }

  @Test
  void keepsContentLengthHeadAndLateHeadersAsWithoutTheFilter() throws Exception {
    int port = start();
    byte[] body = "0123456789".repeat(100).getBytes(StandardCharsets.US_ASCII);
    ScriptedApp.Handler handler =
        (req, res) -> {
          res.setContentType("application/octet-stream");
          res.setContentLength(body.length);
          ServletOutputStream out = res.getOutputStream();
          out.write(body, 0, 500);
          res.setHeader("X-After", "set after writing");
          out.write(body, 500, 500);
        };
    assertSameWithAndWithoutFilter(port, "GET", handler);
    assertSameWithAndWithoutFilter(port, "HEAD", handler);
    assertSameWithAndWithoutFilter(
        port,
        "GET",
        (req, res) -> {
          res.setContentType("text/plain");
          res.getOutputStream().write(body);
          res.setHeader("X-After", "late");
        });
  }

  @Test
  void ignoresLateHeadersOnceTheContainerWouldHaveCommitted() throws Exception {
    int port = start();
    byte[] chunk = "abcdefghij".repeat(5_000).getBytes(StandardCharsets.US_ASCII);
    assertSameWithAndWithoutFilter(
        port,
        "GET",
        (req, res) -> {
          res.setContentType("text/plain");
          ServletOutputStream out = res.getOutputStream();
          out.write(chunk);
          res.setHeader("X-After", "too late");
          res.setStatus(503);
          out.print("committed=" + res.isCommitted());
          try {
            res.setBufferSize(1);
            out.print(" buffer resized");
          } catch (IllegalStateException e) {
            out.print(" buffer refused");
          }
        });
    assertSameWithAndWithoutFilter(
        port,
        "GET",
        (req, res) -> {
          res.setContentType("text/plain;charset=UTF-8");
          PrintWriter w = res.getWriter();
          w.print("x".repeat(50_000));
          res.setHeader("X-After", "too late");
          w.print("committed=" + res.isCommitted());
        });
  }

  @Test
  void passesABodyLargerThanTheCapThroughByteForByte() throws Exception {
    byte[] big = new byte[3 * 1024 * 1024 + 17];
    new Random(42).nextBytes(big);
    app.on(
        "/big",
        (req, res) -> {
          res.setContentType("application/octet-stream");
          OutputStream out = res.getOutputStream();
          for (int off = 0; off < big.length; off += 7919) {
            out.write(big, off, Math.min(7919, big.length - off));
          }
        });
    char[] chars = new char[400_000];
    Random random = new Random(7);
    for (int i = 0; i < chars.length; i++) {
      chars[i] = (char) (0x20 + random.nextInt(0x3000));
    }
    String text = new String(chars).replace('\ud800', 'x');
    app.on(
        "/bigtext",
        (req, res) -> {
          res.setContentType("text/plain;charset=UTF-8");
          res.getWriter().write(text);
        });
    int port = start(filter().bufferBytes(64 * 1024));

    assertThat(RawHttp.send(port, "/big").body()).isEqualTo(big);
    assertThat(RawHttp.send(port, "/bigtext").text()).isEqualTo(text);
  }

  @Test
  void stepsAsideWhenTheApplicationFlushesOnPurpose() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    app.on(
        "/progress",
        (req, res) -> {
          res.setContentType("text/plain");
          ServletOutputStream out = res.getOutputStream();
          out.write("first part\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          release.await(10, TimeUnit.SECONDS);
          out.write("second part\n".getBytes(StandardCharsets.US_ASCII));
        });
    int port = start();

    assertFirstBytesArriveBeforeTheEnd(port, "/progress", "first part", "second part", release);
  }

  @Test
  void streamsServerSentEventsAsTheyAreWritten() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    app.on(
        "/events",
        (req, res) -> {
          res.setContentType("text/event-stream");
          PrintWriter w = res.getWriter();
          w.write("data: one\n\n");
          w.flush();
          release.await(10, TimeUnit.SECONDS);
          w.write("data: two\n\n");
        });
    int port = start();

    assertFirstBytesArriveBeforeTheEnd(port, "/events", "data: one", "data: two", release);
  }

  private static void assertFirstBytesArriveBeforeTheEnd(
      int port, String path, String first, String second, CountDownLatch release) throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "Connection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      StringBuilder seen = new StringBuilder();
      while (!seen.toString().contains(first)) {
        int b = in.read();
        assertThat(b).as("stream ended before \"" + first + "\"").isNotNegative();
        seen.append((char) b);
      }
      release.countDown();
      seen.append(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
      assertThat(seen.toString()).containsSubsequence(first, second);
    } finally {
      release.countDown();
    }
  }

  @Test
  void passesAnAsyncResponseThroughInOrder() throws Exception {
    app.on(
        "/async",
        (req, res) -> {
          res.setContentType("text/plain");
          res.getWriter().write("before;");
          AsyncContext async = req.startAsync();
          async.start(
              () -> {
                try {
                  res.getWriter().write("after;");
                  async.getResponse().getWriter().write("end");
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                } finally {
                  async.complete();
                }
              });
        });
    int port = start();

    RawHttp.Response r = RawHttp.send(port, "/async");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("before;after;end");
  }

  @Test
  void passesNonBlockingAsyncOutputThrough() throws Exception {
    byte[] big = new byte[300_000];
    new Random(3).nextBytes(big);
    app.on(
        "/nio",
        (req, res) -> {
          AsyncContext async = req.startAsync();
          ServletOutputStream out = res.getOutputStream();
          out.setWriteListener(
              new jakarta.servlet.WriteListener() {
                private int written;

                @Override
                public void onWritePossible() throws java.io.IOException {
                  while (out.isReady()) {
                    if (written == big.length) {
                      async.complete();
                      return;
                    }
                    int n = Math.min(7_000, big.length - written);
                    out.write(big, written, n);
                    written += n;
                  }
                }

                @Override
                public void onError(Throwable t) {
                  async.complete();
                }
              });
        });
    int port = start();

    RawHttp.Response r = RawHttp.send(port, "/nio");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(big);
  }

  @Test
  void storesAPageTheApplicationFlushedAfterWritingIt() throws Exception {
    app.on(
        "/page",
        (req, res) -> {
          page("<html><body>flushed</body></html>").handle(req, res);
          res.getWriter().flush();
          res.flushBuffer();
        });
    int port = start();
    RawHttp.Response first = RawHttp.send(port, "/page");
    app.on("/page", status(503, "down"));

    RawHttp.Response r = RawHttp.send(port, "/page");

    assertThat(first.text()).isEqualTo("<html><body>flushed</body></html>");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("<html><body>flushed</body></html>");
  }

  @Test
  void defersAnEarlyFlushOfAnEmptyBodySoTheResponseCanStillBeReplaced() throws Exception {
    app.on("/page", page("<html><body>good</body></html>"));
    int port = start();
    RawHttp.send(port, "/page");
    app.on(
        "/page",
        (req, res) -> {
          res.setStatus(200);
          res.flushBuffer();
          res.setContentLength(5);
          throw new IllegalStateException("failed after an early flush");
        });

    RawHttp.Response r = RawHttp.send(port, "/page");

    assertThat(r.text()).isEqualTo("<html><body>good</body></html>");
  }

  // ---- Circuit breaker
  // ----------------------------------------------------------------------------

  private StaleIfErrorFilter.Builder withQuickBreaker() {
    return filter()
        .circuitBreaker(
            CircuitBreaker.builder()
                .windowSize(2)
                .minimumCalls(2)
                .failureRateThreshold(1.0)
                .consecutiveGatewayFailures(2)
                .openDuration(Duration.ofSeconds(10))
                .halfOpenProbes(1)
                .random(() -> 0.99)
                .config());
  }

  @Test
  void answersFromTheStoredCopyWithoutCallingTheChainWhileTheBreakerIsOpen() throws Exception {
    app.on("/page", page("<html><body>good</body></html>"));
    int port = start(withQuickBreaker());
    RawHttp.send(port, "/page");
    app.on("/page", status(503, "down"));
    RawHttp.send(port, "/page");
    RawHttp.send(port, "/page");
    int callsWhenOpen = app.calls();

    RawHttp.Response open = RawHttp.send(port, "/page");

    assertThat(app.calls()).as("the chain was spared").isEqualTo(callsWhenOpen);
    assertThat(open.status()).isEqualTo(200);
    assertThat(open.text()).isEqualTo("<html><body>good</body></html>");
    assertThat(open.header("Cache-Status").orElseThrow()).contains("hit").contains("circuit-open");

    app.on("/page", page("<html><body>recovered</body></html>"));
    clock.advance(Duration.ofSeconds(11));
    RawHttp.Response probe = RawHttp.send(port, "/page");
    RawHttp.Response closed = RawHttp.send(port, "/page");

    assertThat(probe.text()).isEqualTo("<html><body>recovered</body></html>");
    assertThat(closed.text()).isEqualTo("<html><body>recovered</body></html>");
    assertThat(app.calls()).isEqualTo(callsWhenOpen + 2);
  }

  @Test
  void letsRequestsWithoutACopyThroughAnOpenBreaker() throws Exception {
    app.on("/page", page("<html><body>good</body></html>"));
    int port = start(withQuickBreaker());
    RawHttp.send(port, "/page");
    app.on("/page", status(503, "down"));
    app.on("/other", status(503, "other down"));
    RawHttp.send(port, "/page");
    RawHttp.send(port, "/page");
    int calls = app.calls();

    RawHttp.Response other = RawHttp.send(port, "/other");

    assertThat(app.calls()).isEqualTo(calls + 1);
    assertThat(other.status()).isEqualTo(503);
    assertThat(other.text()).isEqualTo("other down");
  }

  @Test
  void reportsEveryStaleServeAndBreakerChangeToTheListener() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    FailsoftListener listener =
        new FailsoftListener() {
          @Override
          public void onStaleServed(String key, String reason) {
            events.add("stale " + key);
          }

          @Override
          public void onCircuitStateChange(String key, CircuitState from, CircuitState to) {
            events.add("circuit " + key + " " + to);
          }
        };
    app.on("/page", page("<html><body>good</body></html>"));
    int port = start(withQuickBreaker().listener(listener));
    RawHttp.send(port, "/page");
    app.on("/page", status(503, "down"));
    RawHttp.send(port, "/page");
    RawHttp.send(port, "/page");
    RawHttp.send(port, "/page");

    assertThat(events)
        .containsExactly("stale /page", "circuit /* OPEN", "stale /page", "stale /page");
  }

  // ---- Soft deadline
  // ------------------------------------------------------------------------------

  @Test
  void servesTheStoredCopyAtTheSoftDeadlineAndDiscardsTheLateAnswer() throws Exception {
    CountDownLatch slow = new CountDownLatch(1);
    CountDownLatch lateWriteDone = new CountDownLatch(1);
    app.on("/slow", page("<html><body>good</body></html>"));
    int port =
        start(
            filter()
                .route(RouteRule.forPattern("/slow").softDeadline(Duration.ofMillis(200)).build()));
    RawHttp.send(port, "/slow");
    app.on(
        "/slow",
        (req, res) -> {
          try {
            slow.await(10, TimeUnit.SECONDS);
            res.setHeader("X-Late", "yes");
            res.getWriter().write("late answer");
          } finally {
            lateWriteDone.countDown();
          }
        });

    RawHttp.Response r = RawHttp.send(port, "/slow");
    boolean chainStillRunning = lateWriteDone.getCount() == 1;
    slow.countDown();
    assertThat(lateWriteDone.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(r.text()).isEqualTo("<html><body>good</body></html>");
    assertThat(r.header("Cache-Status").orElseThrow()).contains("fwd=stale");
    assertThat(r.header("X-Late")).isEmpty();
    assertThat(chainStillRunning).as("the copy came before the chain finished").isTrue();
    app.on("/slow", page("<html><body>fresh again</body></html>"));
    assertThat(RawHttp.send(port, "/slow").text())
        .isEqualTo("<html><body>fresh again</body></html>");
  }

  // ---- Security
  // -----------------------------------------------------------------------------------

  @Test
  void neverReplaysSetCookie() throws Exception {
    app.on(
        "/page",
        (req, res) -> {
          page("<html><body>good</body></html>").handle(req, res);
          res.addHeader("Set-Cookie", "session=alice");
        });
    int port = start();
    RawHttp.Response first = RawHttp.send(port, "/page");
    app.on("/page", status(503, "down"));

    RawHttp.Response r = RawHttp.send(port, "/page");

    assertThat(first.header("Set-Cookie")).contains("session=alice");
    assertThat(r.header("Set-Cookie")).isEmpty();
    assertThat(r.status()).as("a response with Set-Cookie is not shared at all").isEqualTo(503);
  }

  @Test
  void aForgedHostCannotPlantAPageForOtherUsers() throws Exception {
    app.on(
        "/page",
        (req, res) ->
            page("<a href=\"http://" + req.getServerName() + "/\">home</a>").handle(req, res));
    int port = start();
    RawHttp.exchange(port, "GET", "/page", "Host: evil.example");
    app.on("/page", status(503, "down"));

    RawHttp.Response r = RawHttp.send(port, "/page");

    assertThat(r.status()).isEqualTo(503);
    assertThat(r.text()).doesNotContain("evil.example");
  }

  @Test
  void neverServesOneUrlsCopyForAnother() throws Exception {
    app.on("/a", page("page a"));
    app.on("/b", page("page b"));
    int port = start();
    RawHttp.send(port, "/a");
    app.on("/a", status(503, "down"));
    app.on("/b", status(503, "down"));

    assertThat(RawHttp.send(port, "/a").text()).isEqualTo("page a");
    assertThat(RawHttp.send(port, "/b").status()).isEqualTo(503);
    assertThat(RawHttp.send(port, "/a?x=1").status()).isEqualTo(503);
  }

  // ---- Configuration by init-params ----------------------------------------------------------

  @Test
  void readsItsInitParams() throws Exception {
    app.on("/page", page("<html><body>good</body></html>"));
    app.on("/short", page("<html><body>short-lived</body></html>"));
    container =
        factory()
            .start(
                new StaleIfErrorFilter(),
                Map.of(
                    "routes", "/raw/* off;\n /short max-stale=1m failure-statuses=500",
                    "failure-statuses", "500, 502,503,504",
                    "banner", "true",
                    "buffer-bytes", "64KiB",
                    "cache-name", "Edge"),
                app);
    int port = container.port();
    RawHttp.send(port, "/page");
    RawHttp.send(port, "/short");
    app.on("/page", status(500, "boom"));
    app.on("/short", status(500, "boom"));

    RawHttp.Response page = RawHttp.send(port, "/page");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Cache-Status").orElseThrow())
        .startsWith("Edge; fwd=stale; fwd-status=500");
    assertThat(page.text()).contains("You are seeing a copy");
    assertThat(RawHttp.send(port, "/short").status()).isEqualTo(200);
    app.on("/short", status(503, "not a failure on this route"));
    RawHttp.Response notFailure = RawHttp.send(port, "/short");
    assertThat(notFailure.status()).isEqualTo(503);
    assertThat(notFailure.text()).isEqualTo("not a failure on this route");
    assertThat(notFailure.header("Cache-Status")).isEmpty();
  }

  @Test
  void tunesTheBreakerFromItsInitParams() throws Exception {
    app.on("/page", page("<html><body>good</body></html>"));
    container =
        factory()
            .start(
                new StaleIfErrorFilter(),
                Map.of(
                    "breaker-consecutive-failures", "2",
                    "breaker-minimum-calls", "100",
                    "breaker-open", "10m",
                    "breaker-failure-rate", "90%",
                    "breaker-half-open-probes", "1"),
                app);
    int port = container.port();
    RawHttp.send(port, "/page");
    app.on("/page", status(503, "down"));
    RawHttp.send(port, "/page");
    RawHttp.send(port, "/page");
    int callsWhenOpen = app.calls();

    RawHttp.Response open = RawHttp.send(port, "/page");

    assertThat(app.calls()).as("two failures in a row opened it").isEqualTo(callsWhenOpen);
    assertThat(open.header("Cache-Status").orElseThrow()).contains("circuit-open");
  }

  @Test
  void stopsServingACopyOlderThanTheRoutesMaxStale() throws Exception {
    app.on("/short", page("<html><body>short-lived</body></html>"));
    int port = start(filter().route(RouteRule.parse("/short max-stale=1m")));
    RawHttp.send(port, "/short");
    app.on("/short", status(503, "down"));

    clock.advance(Duration.ofSeconds(30));
    assertThat(RawHttp.send(port, "/short").status()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(2));
    RawHttp.Response tooOld = RawHttp.send(port, "/short");

    assertThat(tooOld.status()).isEqualTo(503);
    assertThat(tooOld.text()).isEqualTo("down");
    assertThat(tooOld.header("Proxy-Status").orElseThrow()).startsWith("Failsoft;");
  }

  // ---- More failure modes
  // -------------------------------------------------------------------------

  @Test
  void answersAHeadRequestFromTheStoredCopyWithoutABody() throws Exception {
    app.on("/page", page("<html><body>good</body></html>"));
    int port = start();
    RawHttp.send(port, "/page");
    app.on("/page", status(503, "down"));

    RawHttp.Response r = RawHttp.exchange(port, "HEAD", "/page");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Length")).contains("30");
    assertThat(r.header("Cache-Status").orElseThrow()).contains("fwd=stale");
  }

  @Test
  void passesARedirectToTheContainer() throws Exception {
    app.on("/old", (req, res) -> res.sendRedirect("/new"));
    int port = start();

    RawHttp.Response r = RawHttp.send(port, "/old");

    assertThat(r.status()).isEqualTo(302);
    assertThat(r.header("Location").orElseThrow()).endsWith("/new");
  }

  @Test
  void letsTheChainFinishPastTheSoftDeadlineWhenThereIsNoCopy() throws Exception {
    app.on(
        "/slow",
        (req, res) -> {
          Thread.sleep(300);
          page("finished").handle(req, res);
        });
    int port =
        start(
            filter()
                .route(RouteRule.forPattern("/slow").softDeadline(Duration.ofMillis(50)).build()));

    RawHttp.Response r = RawHttp.send(port, "/slow");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("finished");
  }

  @Test
  void enforcesOneOfWriterOrStreamLikeTheContainer() throws Exception {
    int port = start();
    assertSameWithAndWithoutFilter(
        port,
        "GET",
        (req, res) -> {
          res.getOutputStream();
          try {
            res.getWriter();
            res.setHeader("X-After", "writer allowed");
          } catch (IllegalStateException e) {
            res.setHeader("X-After", "writer refused");
          }
          res.getOutputStream().write('x');
        });
  }

  @Test
  void neverSharesAResponseToARequestWithAuthorizationUnlessItIsPublic() throws Exception {
    app.on("/private", page("<p>alice's page</p>"));
    app.on(
        "/public",
        (req, res) -> {
          page("<p>public page</p>").handle(req, res);
          res.setHeader("Cache-Control", "public, max-age=60");
        });
    int port = start();
    RawHttp.send(port, "/private", "Authorization: Bearer alice");
    RawHttp.send(port, "/public", "Authorization: Bearer alice");
    app.on("/private", status(503, "down"));
    app.on("/public", status(503, "down"));

    assertThat(RawHttp.send(port, "/private").status()).isEqualTo(503);
    assertThat(RawHttp.send(port, "/public").text()).isEqualTo("<p>public page</p>");
  }

  @Test
  void doesNotShareResponsesToRequestsWithCookieUnlessTheRouteSaysSo() throws Exception {
    app.on("/mine", page("<p>bob's basket</p>"));
    app.on("/shared/page", page("<p>same for all</p>"));
    int port = start(filter().route(RouteRule.parse("/shared/* store-cookie-requests=on")));
    RawHttp.send(port, "/mine", "Cookie: session=bob");
    RawHttp.send(port, "/shared/page", "Cookie: theme=dark");
    app.on("/mine", status(503, "down"));
    app.on("/shared/page", status(503, "down"));

    assertThat(RawHttp.send(port, "/mine").status()).isEqualTo(503);
    assertThat(RawHttp.send(port, "/shared/page").text()).isEqualTo("<p>same for all</p>");
  }

  @Test
  void respectsVaryWhenServingACopy() throws Exception {
    app.on(
        "/hello",
        (req, res) -> {
          res.setHeader("Vary", "Accept-Language");
          page("fr".equals(req.getHeader("Accept-Language")) ? "bonjour" : "hello")
              .handle(req, res);
        });
    int port = start();
    RawHttp.send(port, "/hello", "Accept-Language: fr");
    app.on("/hello", status(503, "down"));

    assertThat(RawHttp.send(port, "/hello", "Accept-Language: fr").text()).isEqualTo("bonjour");
    assertThat(RawHttp.send(port, "/hello", "Accept-Language: de").status()).isEqualTo(503);
    assertThat(RawHttp.send(port, "/hello").status()).isEqualTo(503);
  }

  @Test
  void doesNotStoreWhatAForwardedHostHeaderCouldHaveShaped() throws Exception {
    app.on(
        "/page",
        (req, res) ->
            page("<a href=\"http://" + req.getHeader("X-Forwarded-Host") + "/\">home</a>")
                .handle(req, res));
    int port = start();
    RawHttp.send(port, "/page", "X-Forwarded-Host: evil.example");
    app.on("/page", status(503, "down"));

    RawHttp.Response r = RawHttp.send(port, "/page");

    assertThat(r.status()).isEqualTo(503);
    assertThat(r.text()).doesNotContain("evil.example");
  }

  @Test
  void neverServesStaleWhatTheResponseForbids() throws Exception {
    app.on(
        "/strict",
        (req, res) -> {
          page("strict").handle(req, res);
          res.setHeader("Cache-Control", "max-age=60, must-revalidate");
        });
    app.on(
        "/nostore",
        (req, res) -> {
          page("nostore").handle(req, res);
          res.setHeader("Cache-Control", "no-store");
        });
    int port = start();
    RawHttp.send(port, "/strict");
    RawHttp.send(port, "/nostore");
    clock.advance(Duration.ofMinutes(5));
    app.on("/strict", status(503, "down"));
    app.on("/nostore", status(503, "down"));

    assertThat(RawHttp.send(port, "/strict").status()).isIn(503, 504);
    assertThat(RawHttp.send(port, "/nostore").status()).isEqualTo(503);
  }

  @Test
  void keepsToTheResponsesOwnStaleIfErrorWindow() throws Exception {
    app.on(
        "/page",
        (req, res) -> {
          page("short window").handle(req, res);
          res.setHeader("Cache-Control", "max-age=1, stale-if-error=60");
        });
    int port = start();
    RawHttp.send(port, "/page");
    app.on("/page", status(502, "down"));

    clock.advance(Duration.ofSeconds(30));
    RawHttp.Response within = RawHttp.send(port, "/page");
    clock.advance(Duration.ofMinutes(2));
    RawHttp.Response beyond = RawHttp.send(port, "/page");

    assertThat(within.text()).isEqualTo("short window");
    assertThat(within.header("Cache-Status").orElseThrow()).contains("ttl=-29");
    assertThat(beyond.status()).isEqualTo(502);
  }

  @Test
  void cacheBustingQueryStringsCannotEvictAPopularPage() throws Exception {
    app.on("/popular", page("<p>" + "popular ".repeat(200) + "</p>"));
    app.on("/bust", (req, res) -> page("x".repeat(4_000)).handle(req, res));
    CaffeineStaleStore store =
        CaffeineStaleStore.builder().maximumBytes(64 * 1024).executor(Runnable::run).build();
    int port = start(filter().store(store));
    for (int i = 0; i < 20; i++) {
      RawHttp.send(port, "/popular");
    }
    for (int i = 0; i < 300; i++) {
      RawHttp.send(port, "/bust?cb=" + i);
    }
    store.cleanUp();
    app.on("/popular", status(503, "down"));

    assertThat(store.weightedBytes()).isLessThanOrEqualTo(64 * 1024);
    assertThat(RawHttp.send(port, "/popular").text()).startsWith("<p>popular");
  }

  @Test
  void errorsNeverEvictTheGoodCopy() throws Exception {
    app.on("/page", page("good"));
    int port = start();
    RawHttp.send(port, "/page");
    app.on(
        "/page",
        (req, res) -> {
          res.setStatus(503);
          res.setHeader("Cache-Control", "max-age=600");
          res.getWriter().write("error page the app marked cacheable");
        });

    for (int i = 0; i < 3; i++) {
      assertThat(RawHttp.send(port, "/page").text()).isEqualTo("good");
    }
  }

  @Test
  void aSuccessfulPostInvalidatesTheStoredCopy() throws Exception {
    app.on(
        "/item",
        (req, res) -> {
          if (req.getMethod().equals("POST")) {
            res.setStatus(204);
          } else {
            page("item v1").handle(req, res);
          }
        });
    int port = start();
    RawHttp.send(port, "/item");
    RawHttp.exchange(port, "POST", "/item", "Content-Length: 0");
    app.on("/item", status(503, "down"));

    assertThat(RawHttp.send(port, "/item").status()).isEqualTo(503);
  }

  // ---- Concurrency
  // --------------------------------------------------------------------------------

  @Test
  void manyClientsWhileTheAppFlapsGetFreshStaleOrCleanErrorsButNeverAnotherUrlsBody()
      throws Exception {
    // The breaker (tested on its own above) would answer most of this run from the store.
    int[] counts = flap(filter().defaultRule(RouteRule.parse("/* breaker=off")));

    assertThat(counts[0]).as("fresh").isPositive();
    assertThat(counts[1]).as("stale").isPositive();
  }

  @Test
  void manyClientsWhileTheBreakerTripsGetOnlyTheirOwnUrlsCopies() throws Exception {
    int[] counts =
        flap(
            filter()
                .circuitBreaker(
                    CircuitBreaker.builder()
                        .openDuration(Duration.ofMillis(50))
                        .maxOpenDuration(Duration.ofMillis(200))
                        .config()));

    assertThat(counts[1]).as("stale").isPositive();
  }

  /**
   * Runs 12 clients over 8 URLs while the app flaps; returns {fresh, stale}, asserting the rest.
   */
  private int[] flap(StaleIfErrorFilter.Builder builder) throws Exception {
    int urls = 8;
    AtomicBoolean failing = new AtomicBoolean();
    AtomicInteger version = new AtomicInteger();
    for (int i = 0; i < urls; i++) {
      String path = "/c/" + i;
      int id = i;
      app.on(
          path,
          (req, res) -> {
            int mode = failing.get() ? ThreadLocalRandom.current().nextInt(3) : -1;
            switch (mode) {
              case 0 -> status(503, "down").handle(req, res);
              case 1 -> res.sendError(502);
              case 2 -> throw new IllegalStateException("flap");
              default ->
                  page("page-"
                          + id
                          + "-v"
                          + version.incrementAndGet()
                          + "-"
                          + "x".repeat(ThreadLocalRandom.current().nextInt(20_000)))
                      .handle(req, res);
            }
          });
    }
    int port = start(builder);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ExecutorService pool = Executors.newFixedThreadPool(12);
    List<String> violations = new CopyOnWriteArrayList<>();
    AtomicInteger stale = new AtomicInteger();
    AtomicInteger fresh = new AtomicInteger();
    try {
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < 12; c++) {
        clients.add(
            pool.submit(
                () -> {
                  for (int n = 0; n < 60; n++) {
                    int id = ThreadLocalRandom.current().nextInt(urls);
                    if (ThreadLocalRandom.current().nextInt(10) == 0) {
                      failing.set(!failing.get());
                    }
                    HttpResponse<String> r =
                        client.send(
                            HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + "/c/" + id))
                                .build(),
                            HttpResponse.BodyHandlers.ofString());
                    boolean marked = r.headers().firstValue("Cache-Status").isPresent();
                    if (r.statusCode() == 200 && r.body().startsWith("page-" + id + "-v")) {
                      (marked ? stale : fresh).incrementAndGet();
                    } else if (r.statusCode() >= 500 && !r.body().contains("page-") && !marked) {
                      continue;
                    } else {
                      violations.add(
                          r.statusCode()
                              + " for /c/"
                              + id
                              + ": "
                              + r.body().substring(0, Math.min(40, r.body().length())));
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : clients) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(violations).isEmpty();
    return new int[] {fresh.get(), stale.get()};
  }
}
