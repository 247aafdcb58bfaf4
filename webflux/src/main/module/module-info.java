/**
 * Failsoft for Spring WebFlux: a WebFilter that serves stale pages (also in front of Spring Cloud
 * Gateway routes) and a WebClient filter function with safe retries.
 */
module dev.failsoft.webflux {
  requires transitive dev.failsoft.core;
  requires static transitive spring.core;
  requires static transitive spring.web;
  requires static transitive spring.webflux;
  requires static transitive reactor.core;
  requires static org.reactivestreams;
  requires org.slf4j;
  requires static org.jspecify;

  exports dev.failsoft.webflux;
}
