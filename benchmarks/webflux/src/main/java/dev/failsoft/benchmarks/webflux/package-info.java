/** WebFlux with {@code StaleIfErrorWebFilter} against bare WebFlux, on the success path. */
@NullMarked
package dev.failsoft.benchmarks.webflux;

import org.jspecify.annotations.NullMarked;
