package dev.failsoft.servlet.internal;

import dev.failsoft.diagnosis.Diagnosis;

/** The Cache-Status (RFC 9211) and Proxy-Status (RFC 9209) members this filter writes. */
final class Marks {
  private Marks() {}

  static String cacheStatus(
      FilterEngine.Settings settings, String forward, int fwdStatus, long ttl, String detail) {
    StringBuilder b = new StringBuilder(64).append(settings.cacheName()).append("; ").append(forward);
    if (fwdStatus > 0) {
      b.append("; fwd-status=").append(fwdStatus);
    }
    b.append("; ttl=").append(ttl);
    if (settings.detail()) {
      b.append("; detail=").append(detail);
    }
    return b.toString();
  }

  static String proxyStatus(FilterEngine.Settings settings, Diagnosis diagnosis, int status) {
    StringBuilder b = new StringBuilder(64).append(settings.cacheName());
    b.append("; error=").append(diagnosis.proxyStatus().orElse("proxy_internal_error"));
    if (status > 0) {
      b.append("; received-status=").append(status);
    }
    return b.toString();
  }
}
