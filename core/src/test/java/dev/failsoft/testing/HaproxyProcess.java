package dev.failsoft.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A real HAProxy ({@code mode http}) in front of one loopback upstream, for tests.
 *
 * <p>The generated configuration has {@code timeout connect} and {@code timeout server} of {@value
 * #TIMEOUT_SECONDS} s, {@code retries 0} (so a refused connect answers at once instead of after a
 * turn-around delay), one server without health checks, and {@code option httplog} with {@code log
 * stdout format raw}: each request's log line, termination state included ({@code SC--}, {@code
 * sH--}, {@code SH--}, {@code PH--}), lands in {@link #log()}. HAProxy runs in the foreground
 * ({@code -db}). Use {@link #assumeInstalled()} first so a machine without HAProxy skips the test
 * instead of failing it.
 */
public final class HaproxyProcess extends ProxyProcess {
  /** The connect and server timeouts, in seconds. */
  public static final int TIMEOUT_SECONDS = 1;

  private final int upstreamPort;

  private HaproxyProcess(int upstreamPort) {
    super("haproxy");
    this.upstreamPort = upstreamPort;
  }

  /** Starts HAProxy in front of {@code 127.0.0.1:upstreamPort}; returns once it accepts. */
  public static HaproxyProcess start(int upstreamPort) throws IOException {
    HaproxyProcess haproxy = new HaproxyProcess(upstreamPort);
    haproxy.start();
    return haproxy;
  }

  /** Returns the installed haproxy binary, if any (PATH, then /usr/sbin and friends). */
  public static Optional<Path> installed() {
    return findBinary("haproxy");
  }

  /** Skips the calling test with "haproxy not installed: ..." unless HAProxy is installed. */
  public static void assumeInstalled() {
    assumeBinary("haproxy");
  }

  /** Returns the first line of {@code haproxy -v}: {@code HAProxy version 2.6.12...}. */
  public static String version() {
    return run(installed().orElseThrow(), "-v").lines().findFirst().orElse("");
  }

  @Override
  protected Path binary() {
    return installed().orElseThrow(() -> new IllegalStateException("haproxy not installed"));
  }

  @Override
  protected void writeConfig(Path dir, int port) throws IOException {
    String config =
        String.join(
            "\n",
            "global",
            "  log stdout format raw local0 info",
            "  pidfile " + dir.resolve("haproxy.pid"),
            "defaults",
            "  mode http",
            "  log global",
            "  option httplog",
            "  retries 0",
            "  timeout connect " + TIMEOUT_SECONDS + "s",
            "  timeout server " + TIMEOUT_SECONDS + "s",
            "  timeout client 5s",
            "frontend fe",
            "  bind 127.0.0.1:" + port,
            "  default_backend be",
            "backend be",
            "  server s1 127.0.0.1:" + upstreamPort,
            "");
    Files.writeString(dir.resolve("haproxy.cfg"), config, StandardCharsets.US_ASCII);
  }

  @Override
  protected List<String> command(Path binary, Path dir) {
    return List.of(binary.toString(), "-db", "-f", dir.resolve("haproxy.cfg").toString());
  }

  @Override
  protected Path logFile(Path dir) {
    // "log stdout" goes to the process's stdout, which the harness redirects to this file.
    return dir.resolve("process.out");
  }
}
