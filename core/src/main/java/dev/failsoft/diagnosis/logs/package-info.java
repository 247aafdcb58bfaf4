/**
 * Reading upstream failures out of proxy and app-server logs: {@link
 * dev.failsoft.diagnosis.logs.LogFormats} parses nginx, Apache httpd, HAProxy, Envoy/Istio, Heroku,
 * gunicorn, PHP-FPM, OOM-killer, Varnish, Caddy and Traefik lines into {@link
 * dev.failsoft.diagnosis.logs.LogFinding}s (the same {@link dev.failsoft.diagnosis.FailureKind}s a
 * {@link dev.failsoft.diagnosis.Diagnosis} uses), and {@link
 * dev.failsoft.diagnosis.logs.LogAnalyzer} streams a whole file, plain or gzip, into a {@link
 * dev.failsoft.diagnosis.logs.LogSummary} in bounded memory.
 */
package dev.failsoft.diagnosis.logs;
