package dev.failsoft.cli.internal;

import dev.failsoft.config.SettingValues;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code failsoft gateway}: the stale-serving reverse proxy, deployed for real. */
@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a stale-serving reverse proxy: embedded Jetty 12 with StaleIfErrorFilter in front "
          + "of a proxy leg that forwards every request (method, headers, body, streamed) to "
          + "the upstream through OkHttp with Failsoft. When the upstream fails — refuses, "
          + "hangs, resets, answers 5xx — clients get the last good copy, marked with Age and "
          + "Cache-Status; with no copy, the failure passes through with a Proxy-Status. "
          + "--engine netty runs it on plain Netty with StaleIfErrorHandler and a non-blocking "
          + "JDK HttpClient leg instead.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  failsoft gateway --listen 127.0.0.1:8080 --upstream http://127.0.0.1:3000",
      "  failsoft gateway --listen 0.0.0.0:80 --upstream http://app:8080 --max-stale 1h "
          + "--soft-deadline 2s --failure-statuses 500,502,503,504",
      "",
      "Runs until stopped (Ctrl-C, SIGTERM).",
      "Exit codes: 0 stopped, 2 usage error or address in use."
    })
final class GatewayCommand implements Callable<Integer> {
  private final Io io;

  @Mixin CommonOptions common;

  @Option(
      names = "--listen",
      required = true,
      paramLabel = "HOST:PORT",
      description = "Where to listen, for example 127.0.0.1:8080 or [::1]:8080 (port 0: any).")
  String listen;

  @Option(
      names = "--engine",
      paramLabel = "jetty|netty",
      defaultValue = "jetty",
      description =
          "The server the gateway runs on: jetty (Jetty 12 with the servlet filter) or netty "
              + "(plain Netty with StaleIfErrorHandler and a non-blocking upstream leg). "
              + "Default: ${DEFAULT-VALUE}")
  String engine;

  @Option(
      names = "--upstream",
      required = true,
      paramLabel = "URL",
      description = "The upstream's base URL, for example http://127.0.0.1:3000.")
  String upstream;

  @Option(
      names = "--max-stale",
      paramLabel = "DURATION",
      defaultValue = "1d",
      converter = Durations.class,
      description = "The longest staleness served (s, m, h, d). Default: ${DEFAULT-VALUE}")
  Duration maxStale;

  @Option(
      names = "--failure-statuses",
      paramLabel = "LIST",
      defaultValue = "502,503,504",
      description = "Statuses replaced by a stale copy. Default: ${DEFAULT-VALUE}")
  String failureStatuses;

  @Option(
      names = "--soft-deadline",
      paramLabel = "DURATION",
      converter = Durations.class,
      description =
          "Serve the stale copy when the upstream has not answered by then. " + "Default: off")
  Duration softDeadline;

  @Option(
      names = "--breaker",
      paramLabel = "on|off",
      defaultValue = "on",
      description = "Guard the upstream with a circuit breaker. Default: ${DEFAULT-VALUE}")
  String breaker;

  @Option(
      names = "--breaker-failures",
      paramLabel = "N",
      defaultValue = "5",
      description = "Gateway failures in a row that open the breaker. Default: ${DEFAULT-VALUE}")
  int breakerFailures;

  @Option(
      names = "--breaker-open",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = Durations.class,
      description =
          "How long an open breaker first rejects calls (doubling per repeated trip, "
              + "at most 2 minutes). Default: ${DEFAULT-VALUE}")
  Duration breakerOpen;

  @Option(
      names = "--cache-size",
      paramLabel = "SIZE",
      defaultValue = "64MiB",
      converter = ByteSizes.class,
      description =
          "Total size of the stored copies; the least useful are evicted first. "
              + "Default: ${DEFAULT-VALUE}")
  long storeBytes;

  @Option(
      names = "--store",
      paramLabel = "LOCATION",
      defaultValue = "memory",
      description =
          "Where stored copies live: memory, or redis://HOST:PORT[/DB] (also rediss:// and "
              + "redis-sentinel://), shared by every gateway and kept across restarts, with "
              + "--cache-size as the local tier in front. Default: ${DEFAULT-VALUE}")
  String store;

  @Option(
      names = "--store-key-file",
      paramLabel = "FILE",
      description =
          "For a remote --store: the file of keys its entries are signed with, one ID:BASE64 a "
              + "line, the first signing (required for a remote store)")
  @Nullable String storeKeyFile;

  @Option(
      names = "--cache-entry-size",
      paramLabel = "SIZE",
      defaultValue = "1MiB",
      converter = ByteSizes.class,
      description =
          "Largest body held and stored per response; larger ones stream through "
              + "unstored. Default: ${DEFAULT-VALUE}")
  long bufferBytes;

  @Option(
      names = "--banner",
      description = "Insert a visible notice at the top of stale HTML pages. Default: off")
  boolean banner;

  @Option(
      names = "--connect-timeout",
      paramLabel = "DURATION",
      defaultValue = "2s",
      converter = Durations.class,
      description = "Default: ${DEFAULT-VALUE}")
  Duration connectTimeout;

  @Option(
      names = "--read-timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = Durations.class,
      description = "Longest wait between two reads from the upstream. Default: ${DEFAULT-VALUE}")
  Duration readTimeout;

  @Option(
      names = "--max-attempts",
      paramLabel = "N",
      defaultValue = "2",
      description =
          "Attempts per request, the first included; only safe retries are made "
              + "(never a request that may have reached the upstream, unless idempotent). "
              + "Default: ${DEFAULT-VALUE}")
  int maxAttempts;

  GatewayCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    Gateway.Settings s = settings();
    GatewayEngine on = engine();
    GatewayServer g;
    try {
      g = on.start(s);
    } catch (java.io.IOException e) {
      throw new BadInput("cannot listen on " + listen + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      // The store could not be opened: core's one-line reason (a password is never repeated).
      throw new BadInput("--store: " + e.getMessage());
    }
    try (g) {
      Runtime.getRuntime().addShutdownHook(new Thread(g::close, "failsoft-gateway-stop"));
      io.err()
          .println(
              "failsoft gateway: "
                  + g.url()
                  + " → "
                  + s.upstream()
                  + " (max-stale "
                  + maxStale
                  + (softDeadline == null ? "" : ", soft deadline " + softDeadline)
                  + ", stale on "
                  + s.failureStatuses()
                  + ")");
      io.err().flush();
      g.join();
    }
    return Cli.OK;
  }

  Gateway.Settings settings() {
    HttpUrl url = HttpUrl.parse(upstream);
    if (url == null) {
      throw new BadInput("--upstream: '" + upstream + "' is not an http:// or https:// URL");
    }
    Set<Integer> statuses =
        setting(() -> SettingValues.statuses("--failure-statuses", failureStatuses));
    for (int status : statuses) {
      if (status < 400 || status > 599) {
        throw new BadInput("--failure-statuses: " + status + " (expected: 400..599)");
      }
    }
    if (maxAttempts < 1 || maxAttempts > 10) {
      throw new BadInput("--max-attempts: " + maxAttempts + " (expected: 1..10)");
    }
    if (breakerFailures < 1 || breakerFailures > 10_000) {
      throw new BadInput("--breaker-failures: " + breakerFailures + " (expected: 1..10000)");
    }
    if (breakerOpen.isZero()) {
      throw new BadInput("--breaker-open: " + breakerOpen + " (expected: > 0)");
    }
    if (storeBytes < 1024) {
      throw new BadInput("--cache-size: " + storeBytes + " (expected: >= 1KiB)");
    }
    if (bufferBytes < 1024 || bufferBytes > Math.min(storeBytes, Integer.MAX_VALUE)) {
      throw new BadInput(
          "--cache-entry-size: "
              + bufferBytes
              + " (expected: 1KiB to --cache-size and under 2GiB)");
    }
    boolean breakerOn = setting(() -> SettingValues.onOff("--breaker", breaker));
    return new Gateway.Settings(
        address(listen),
        url,
        maxStale,
        statuses,
        Optional.ofNullable(softDeadline),
        breakerOn,
        breakerFailures,
        breakerOpen,
        storeBytes,
        (int) bufferBytes,
        banner,
        connectTimeout,
        readTimeout,
        maxAttempts,
        store,
        Optional.ofNullable(storeKeyFile));
  }

  GatewayEngine engine() {
    return switch (engine) {
      case "jetty" -> GatewayEngine.JETTY;
      case "netty" -> GatewayEngine.NETTY;
      default -> throw new BadInput("--engine: '" + engine + "' (expected: jetty or netty)");
    };
  }

  /** Reads a setting with the core grammar; a value it refuses is a usage error. */
  private static <T> T setting(Supplier<T> read) {
    try {
      return read.get();
    } catch (IllegalArgumentException e) {
      throw new BadInput(e.getMessage());
    }
  }

  static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new BadInput("--listen: '" + hostPort + "' (expected: HOST:PORT)");
    }
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535) {
      throw new BadInput(
          "--listen: port '" + hostPort.substring(colon + 1) + "' (expected: 0..65535)");
    }
    return InetSocketAddress.createUnresolved(host, port);
  }
}
