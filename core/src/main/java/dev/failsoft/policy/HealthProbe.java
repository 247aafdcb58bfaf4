package dev.failsoft.policy;

import java.net.URI;

/**
 * Checks one health URL once; the OkHttp module provides the HTTP implementation.
 *
 * <p>Must be thread-safe and should bound its own time (connect and read timeouts). A thrown
 * exception counts as an unhealthy result.
 */
@FunctionalInterface
public interface HealthProbe {

  /**
   * Checks {@code healthUrl} once.
   *
   * @param healthUrl the URL to check
   * @return true when it answered healthy (for HTTP: a 2xx)
   * @throws Exception on any failure to check, which counts as unhealthy
   */
  boolean check(URI healthUrl) throws Exception;
}
