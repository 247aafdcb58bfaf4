package dev.failsoft.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A real nginx reverse proxy in front of one loopback upstream, for tests.
 *
 * <p>The generated configuration proxies every path to {@code http://127.0.0.1:UPSTREAM} with
 * {@code proxy_connect_timeout}, {@code proxy_send_timeout} and {@code proxy_read_timeout} of
 * {@value #TIMEOUT_SECONDS} s, default {@code server_tokens on} (so {@code Server: nginx/1.x.y}), a
 * single process ({@code master_process off}, {@code daemon off}) and the error log at level {@code
 * notice} in the temporary directory. Use {@link #assumeInstalled()} first so a machine without
 * nginx skips the test instead of failing it. A subclass may add directives to the {@code http}
 * block and the proxying {@code location} (a cache, for example) and choose its timeouts.
 */
public class NginxProcess extends ProxyProcess {
  /** The default upstream connect, send and read timeouts, in seconds. */
  public static final int TIMEOUT_SECONDS = 1;

  private final int upstreamPort;
  private final int timeoutSeconds;

  /**
   * For subclasses: nginx in front of {@code 127.0.0.1:upstreamPort} with these timeouts; call
   * {@link #start()} to run it.
   */
  protected NginxProcess(int upstreamPort, int timeoutSeconds) {
    super("nginx");
    this.upstreamPort = upstreamPort;
    this.timeoutSeconds = timeoutSeconds;
  }

  /** Directives added to the {@code http} block; {@code dir} is this process's directory. */
  protected List<String> httpDirectives(Path dir) throws IOException {
    return List.of();
  }

  /** Directives added to the proxying {@code location}. */
  protected List<String> locationDirectives() {
    return List.of();
  }

  /** The {@code worker_connections} of the single process. */
  protected int workerConnections() {
    return 64;
  }

  /** Starts nginx in front of {@code 127.0.0.1:upstreamPort}; returns once it accepts. */
  public static NginxProcess start(int upstreamPort) throws IOException {
    NginxProcess nginx = new NginxProcess(upstreamPort, TIMEOUT_SECONDS);
    nginx.start();
    return nginx;
  }

  /** Returns the installed nginx binary, if any (PATH, then /usr/sbin and friends). */
  public static Optional<Path> installed() {
    return findBinary("nginx");
  }

  /** Skips the calling test with "nginx not installed: ..." unless nginx is installed. */
  public static void assumeInstalled() {
    assumeBinary("nginx");
  }

  /** Returns the installed version banner, for example {@code nginx version: nginx/1.22.1}. */
  public static String version() {
    return run(installed().orElseThrow(), "-v");
  }

  @Override
  protected Path binary() {
    return installed().orElseThrow(() -> new IllegalStateException("nginx not installed"));
  }

  @Override
  protected void writeConfig(Path dir, int port) throws IOException {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    // One process, no workers: run as root, nginx would start its workers as "nobody", who may
    // not use this owner-only (0700) temp directory; upstream handling and log lines are the same.
    List<String> lines =
        new ArrayList<>(
            List.of(
                "master_process off;",
                "worker_processes 1;",
                "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + logFile(dir) + " notice;",
                "events { worker_connections " + workerConnections() + "; }",
                "http {",
                "  access_log off;",
                "  client_body_temp_path " + tmp.resolve("body") + ";",
                "  proxy_temp_path " + tmp.resolve("proxy") + ";",
                "  fastcgi_temp_path " + tmp.resolve("fastcgi") + ";",
                "  uwsgi_temp_path " + tmp.resolve("uwsgi") + ";",
                "  scgi_temp_path " + tmp.resolve("scgi") + ";"));
    httpDirectives(dir).forEach(d -> lines.add("  " + d));
    lines.addAll(
        List.of(
            "  server {",
            "    listen 127.0.0.1:" + port + ";",
            "    location / {",
            "      proxy_pass http://127.0.0.1:" + upstreamPort + ";"));
    locationDirectives().forEach(d -> lines.add("      " + d));
    lines.addAll(
        List.of(
            "      proxy_connect_timeout " + timeoutSeconds + "s;",
            "      proxy_send_timeout " + timeoutSeconds + "s;",
            "      proxy_read_timeout " + timeoutSeconds + "s;",
            "    }",
            "  }",
            "}",
            ""));
    String config = String.join("\n", lines);
    Files.writeString(dir.resolve("nginx.conf"), config, StandardCharsets.US_ASCII);
  }

  @Override
  protected List<String> command(Path binary, Path dir) {
    // -e points the startup error log into the temp dir too: before reading the config nginx
    // would otherwise try the compiled-in /var/log/nginx/error.log.
    return List.of(
        binary.toString(),
        "-p",
        dir + "/",
        "-c",
        dir.resolve("nginx.conf").toString(),
        "-e",
        logFile(dir).toString(),
        "-g",
        "daemon off;");
  }

  @Override
  protected Path logFile(Path dir) {
    return dir.resolve("error.log");
  }
}
