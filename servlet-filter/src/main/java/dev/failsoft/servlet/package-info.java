/**
 * {@link dev.failsoft.servlet.StaleIfErrorFilter}: a servlet filter that serves the last good copy
 * of a page, visibly marked, when the application or its upstream fails; configured by init-params
 * or a builder, with per-path {@link dev.failsoft.servlet.RouteRule}s. Every caching and breaker
 * rule it applies is core's; this package only translates servlet objects.
 */
@NullMarked
package dev.failsoft.servlet;

import org.jspecify.annotations.NullMarked;
