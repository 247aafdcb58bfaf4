/**
 * Failsoft for Spring WebFlux: {@link dev.failsoft.webflux.StaleIfErrorWebFilter}, a {@code
 * WebFilter} that serves the last good copy of a page, visibly marked, when a handler (or a Spring
 * Cloud Gateway route) fails, and {@link dev.failsoft.webflux.FailsoftExchangeFilterFunction}, a
 * {@code WebClient} filter that retries only what is safe and serves stale on failure. Every
 * caching, retry and diagnosis rule they apply is core's; this package only translates Spring's
 * reactive types.
 */
@NullMarked
package dev.failsoft.webflux;

import org.jspecify.annotations.NullMarked;
