/**
 * The WebFlux adapters' moving parts: the holding response decorator, the translation of Spring's
 * requests and responses into core's heads, and the writer of core's answers. Not API: anything
 * here may change without notice.
 */
@NullMarked
package dev.failsoft.webflux.internal;

import org.jspecify.annotations.NullMarked;
