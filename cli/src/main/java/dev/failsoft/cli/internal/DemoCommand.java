package dev.failsoft.cli.internal;

import dev.failsoft.cli.internal.DemoOrigin.Mode;
import dev.failsoft.diagnosis.Diagnosis;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import okhttp3.HttpUrl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code failsoft demo}: the whole story on loopback. An origin, and in front of it the gateway
 * (Jetty with StaleIfErrorFilter, whose pages call the origin through OkHttp with Failsoft), then
 * the origin walked through healthy → refusing → hanging → resetting → 502 through a proxy →
 * healthy, printing what a user received at each step and the diagnosis.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Shows Failsoft's main job on loopback, with nothing to set up: an origin, and a Jetty app "
          + "with StaleIfErrorFilter whose pages call the origin through OkHttp with Failsoft. "
          + "The origin is walked through healthy, refusing connections, hanging, resetting, "
          + "answering 502 through a proxy, and healthy again; each step prints what a user "
          + "received (status, Cache-Status, Age, latency) and the diagnosis. Ends within 30 s.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  failsoft demo",
      "  failsoft demo --serve          then open the printed URL and reload while it fails",
      "  failsoft demo --json | jq -c .",
      "",
      "Exit codes: 0 every step went as expected, 1 a step did not, 2 usage error."
    })
final class DemoCommand implements Callable<Integer> {
  /** The app serves a stale copy if the origin has not answered by then. */
  static final Duration SOFT_DEADLINE = Duration.ofMillis(800);

  /** How long the app waits for the origin between two reads. */
  static final Duration READ_TIMEOUT = Duration.ofMillis(1500);

  /** Where the demo app switches the origin's mode (served by the app, not the origin). */
  static final String CONTROL_PATH = "/_demo/origin";

  private final Io io;

  @Mixin CommonOptions common;

  @Option(
      names = "--serve",
      description =
          "After the walk, keep running and print the URL to open in a browser; "
              + "the page links switch the origin between modes. Stop with Ctrl-C.")
  boolean serve;

  DemoCommand(Io io) {
    this.io = io;
  }

  /** One step of the walk and what the user got. */
  record Step(
      String title,
      Mode mode,
      int status,
      String cacheStatus,
      String age,
      long millis,
      boolean stale,
      Optional<Diagnosis> diagnosis,
      boolean asExpected) {}

  @Override
  public Integer call() throws Exception {
    // The filter and the interceptor warn once per served copy; the demo prints that itself.
    System.setProperty("org.slf4j.simpleLogger.log.dev.failsoft", "error");
    Style style = common.style(io);
    PrintWriter out = io.out();
    try (DemoOrigin origin = new DemoOrigin();
        Gateway app =
            Gateway.start(settings(origin), Map.of(CONTROL_PATH, new OriginControl(origin)))) {
      if (!common.json) {
        out.println(
            style.bold("Failsoft demo")
                + ": origin "
                + origin.url()
                + ", app "
                + app.url()
                + " (Jetty + StaleIfErrorFilter → OkHttp + Failsoft → origin)");
        out.println();
      }
      HttpClient browser = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      boolean allExpected = true;
      String page = app.url() + "/products/42";
      for (Object[] s :
          List.of(
              new Object[] {"healthy", Mode.HEALTHY},
              new Object[] {"refusing connections", Mode.REFUSING},
              new Object[] {"hanging", Mode.HANGING},
              new Object[] {"resetting connections", Mode.RESETTING},
              new Object[] {"answering 502 through a proxy", Mode.PROXY_502},
              new Object[] {"healthy again", Mode.HEALTHY})) {
        Step step = walk(browser, origin, app, page, (String) s[0], (Mode) s[1]);
        allExpected &= step.asExpected();
        print(out, style, step);
      }
      if (!common.json) {
        out.println();
        out.println(
            allExpected
                ? style.good(
                    "Every failure was served from the stale copy; the diagnosis says why.")
                : style.bad("Some steps did not go as expected (see above)."));
      }
      if (serve) {
        origin.mode(Mode.HEALTHY);
        io.err().println();
        io.err().println("Serving. Open " + page + " in a browser and reload;");
        io.err()
            .println(
                "switch the origin with "
                    + app.url()
                    + CONTROL_PATH
                    + "?mode="
                    + "healthy|refusing|hanging|resetting|proxy_502. Ctrl-C stops.");
        io.err().flush();
        app.join();
      }
      return allExpected ? Cli.OK : Cli.FAILING;
    }
  }

  static Gateway.Settings settings(DemoOrigin origin) {
    return new Gateway.Settings(
        new InetSocketAddress("127.0.0.1", 0),
        HttpUrl.get(origin.url()),
        Duration.ofDays(1),
        Set.of(500, 502, 503, 504),
        Optional.of(SOFT_DEADLINE),
        false,
        5,
        Duration.ofSeconds(5),
        16L << 20,
        1 << 20,
        true,
        Duration.ofSeconds(1),
        READ_TIMEOUT,
        2);
  }

  private static Step walk(
      HttpClient browser, DemoOrigin origin, Gateway app, String page, String title, Mode mode)
      throws IOException, InterruptedException {
    Optional<Diagnosis> before = app.lastFailure();
    origin.mode(mode);
    long start = System.nanoTime();
    HttpResponse<String> r =
        browser.send(
            HttpRequest.newBuilder(URI.create(page)).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    long millis = (System.nanoTime() - start) / 1_000_000;
    String cacheStatus = r.headers().firstValue("Cache-Status").orElse("-");
    boolean stale = cacheStatus.contains("fwd=stale");
    Optional<Diagnosis> diagnosis = Optional.empty();
    if (mode != Mode.HEALTHY) {
      // The app's call may still be running (a hang outlives the soft deadline): wait for it.
      long deadline = System.nanoTime() + READ_TIMEOUT.multipliedBy(3).toNanos();
      while (app.lastFailure().equals(before) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      diagnosis = app.lastFailure().filter(d -> !Optional.of(d).equals(before));
    }
    boolean expected = r.statusCode() == 200 && (mode == Mode.HEALTHY || stale);
    return new Step(
        title,
        mode,
        r.statusCode(),
        cacheStatus,
        r.headers().firstValue("Age").orElse("-"),
        millis,
        stale,
        diagnosis,
        expected);
  }

  private void print(PrintWriter out, Style style, Step s) {
    if (common.json) {
      out.println(
          Report.json(
              w ->
                  w.field("step", s.title())
                      .field("origin", s.mode().name().toLowerCase(java.util.Locale.ROOT))
                      .field("status", s.status())
                      .field("cacheStatus", s.cacheStatus())
                      .field("age", s.age())
                      .field("latencyMs", s.millis())
                      .field("stale", s.stale())
                      .field("asExpected", s.asExpected()),
              !s.asExpected(),
              s.diagnosis().orElse(null)));
      return;
    }
    out.println(style.bold("origin " + s.title()));
    out.printf(
        "  user got %s in %d ms%s; Cache-Status: %s; Age: %s%n",
        style.status(s.status()),
        s.millis(),
        s.stale() ? " " + style.warn("(stale copy)") : "",
        s.cacheStatus(),
        s.age());
    s.diagnosis().ifPresent(d -> out.println("  diagnosis: " + d.summary()));
  }

  /** Switches the origin's mode from a browser: {@code /_demo/origin?mode=hanging}. */
  static final class OriginControl extends HttpServlet {
    private final transient DemoOrigin origin;

    OriginControl(DemoOrigin origin) {
      this.origin = origin;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setHeader("Cache-Control", "no-store");
      resp.setContentType("text/plain;charset=utf-8");
      String mode = req.getParameter("mode");
      if (mode != null) {
        try {
          origin.mode(Mode.valueOf(mode.toUpperCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          resp.setStatus(400);
        }
      }
      resp.getWriter()
          .println(
              "origin: "
                  + origin.mode().name().toLowerCase(java.util.Locale.ROOT)
                  + " (modes: healthy, refusing, hanging, resetting, proxy_502)");
    }
  }
}
