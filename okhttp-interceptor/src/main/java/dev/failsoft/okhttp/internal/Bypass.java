package dev.failsoft.okhttp.internal;

/**
 * The request tag that sends a request straight through the Failsoft interceptor: no retries, no
 * budget, no breaker, no stale copy. Health probes use it, so that they measure the upstream and
 * not Failsoft's own fallbacks.
 */
public enum Bypass {
  /** The one instance, used as {@code request.newBuilder().tag(Bypass.class, Bypass.TAG)}. */
  TAG
}
