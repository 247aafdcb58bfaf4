package dev.failsoft.benchmarks.macro;

import dev.failsoft.testing.NginxProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * nginx as a caching reverse proxy serving stale on error: {@code proxy_cache} with {@code
 * proxy_cache_use_stale error timeout http_502 http_503 http_504}, upstream timeouts of {@value
 * #TIMEOUT_SECONDS} s, in front of one loopback upstream. The configuration an operator would write
 * for "serve stale when the origin fails"; the rest is core's test {@link NginxProcess}.
 */
final class CachingNginx extends NginxProcess {
  static final int TIMEOUT_SECONDS = 2;

  /** The response field carrying {@code $upstream_cache_status} (HIT, STALE, MISS, ...). */
  static final String CACHE_STATUS = "X-Cache-Status";

  private CachingNginx(int upstreamPort) {
    super(upstreamPort, TIMEOUT_SECONDS);
  }

  public static CachingNginx start(int upstreamPort) throws IOException {
    CachingNginx nginx = new CachingNginx(upstreamPort);
    nginx.start();
    return nginx;
  }

  @Override
  protected List<String> httpDirectives(Path dir) throws IOException {
    Path cache = Files.createDirectories(dir.resolve("cache"));
    return List.of("proxy_cache_path " + cache + " keys_zone=bench:1m;");
  }

  @Override
  protected List<String> locationDirectives() {
    return List.of(
        "proxy_cache bench;",
        "add_header " + CACHE_STATUS + " $upstream_cache_status always;",
        "proxy_cache_use_stale error timeout http_502 http_503 http_504;");
  }

  @Override
  protected int workerConnections() {
    return 512;
  }
}
