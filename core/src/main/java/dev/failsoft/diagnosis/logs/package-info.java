/**
 * Reading upstream failures out of proxy and app-server logs: {@link
 * dev.failsoft.diagnosis.logs.LogFormats} parses nginx, Apache httpd, HAProxy, Envoy/Istio, Heroku,
 * gunicorn, PHP-FPM, OOM-killer, Varnish, Caddy, Traefik and Squid lines into {@link
 * dev.failsoft.diagnosis.logs.LogFinding}s (the same {@link dev.failsoft.diagnosis.FailureKind}s a
 * {@link dev.failsoft.diagnosis.Diagnosis} uses), and {@link
 * dev.failsoft.diagnosis.logs.LogAnalyzer} streams a whole file, plain or gzip, into a {@link
 * dev.failsoft.diagnosis.logs.LogSummary} in bounded memory, on every processor.
 *
 * <p>Null-marked: no parameter or return value of this package is null unless it says so.
 */
@NullMarked
package dev.failsoft.diagnosis.logs;

import org.jspecify.annotations.NullMarked;
