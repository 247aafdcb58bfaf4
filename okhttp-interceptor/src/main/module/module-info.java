/** Failsoft for OkHttp clients: diagnosis, safe retries and stale-if-error as an interceptor. */
module dev.failsoft.okhttp {
  requires transitive dev.failsoft.core;
  requires transitive okhttp3;
  requires okio;
  requires kotlin.stdlib;
  requires org.slf4j;

  exports dev.failsoft.okhttp;
}
