package dev.failsoft.benchmarks.macro;

import dev.failsoft.testing.NginxProcess;
import dev.failsoft.testing.ProxyProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * nginx as a caching reverse proxy serving stale on error: {@code proxy_cache} with {@code
 * proxy_cache_use_stale error timeout http_502 http_503 http_504} and {@code
 * proxy_cache_background_update off}, upstream timeouts of {@value #TIMEOUT_SECONDS} s, in front of
 * one loopback upstream. The configuration an operator would write for "serve stale when the
 * origin fails".
 */
final class CachingNginx extends ProxyProcess {
  static final int TIMEOUT_SECONDS = 2;
  /** The response field carrying {@code $upstream_cache_status} (HIT, STALE, MISS, ...). */
  static final String CACHE_STATUS = "X-Cache-Status";

  private final int upstreamPort;

  private CachingNginx(int upstreamPort) {
    super("nginx");
    this.upstreamPort = upstreamPort;
  }

  static CachingNginx start(int upstreamPort) throws IOException {
    CachingNginx nginx = new CachingNginx(upstreamPort);
    nginx.start();
    return nginx;
  }

  @Override
  protected Path binary() {
    return NginxProcess.installed().orElseThrow(() -> new IllegalStateException("no nginx"));
  }

  @Override
  protected void writeConfig(Path dir, int port) throws IOException {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path cache = Files.createDirectories(dir.resolve("cache"));
    String config = String.join("\n",
        "master_process off;",
        "worker_processes 1;",
        "pid " + dir.resolve("nginx.pid") + ";",
        "error_log " + logFile(dir) + " notice;",
        "events { worker_connections 512; }",
        "http {",
        "  access_log off;",
        "  client_body_temp_path " + tmp.resolve("body") + ";",
        "  proxy_temp_path " + tmp.resolve("proxy") + ";",
        "  fastcgi_temp_path " + tmp.resolve("fastcgi") + ";",
        "  uwsgi_temp_path " + tmp.resolve("uwsgi") + ";",
        "  scgi_temp_path " + tmp.resolve("scgi") + ";",
        "  proxy_cache_path " + cache + " keys_zone=bench:1m;",
        "  server {",
        "    listen 127.0.0.1:" + port + ";",
        "    location / {",
        "      proxy_pass http://127.0.0.1:" + upstreamPort + ";",
        "      proxy_cache bench;",
        "      add_header " + CACHE_STATUS + " $upstream_cache_status always;",
        "      proxy_cache_use_stale error timeout http_502 http_503 http_504;",
        "      proxy_connect_timeout " + TIMEOUT_SECONDS + "s;",
        "      proxy_send_timeout " + TIMEOUT_SECONDS + "s;",
        "      proxy_read_timeout " + TIMEOUT_SECONDS + "s;",
        "    }",
        "  }",
        "}",
        "");
    Files.writeString(dir.resolve("nginx.conf"), config, StandardCharsets.US_ASCII);
  }

  @Override
  protected List<String> command(Path binary, Path dir) {
    return List.of(binary.toString(), "-p", dir + "/", "-c", dir.resolve("nginx.conf").toString(),
        "-e", logFile(dir).toString(), "-g", "daemon off;");
  }

  @Override
  protected Path logFile(Path dir) {
    return dir.resolve("error.log");
  }
}
