/**
 * Failsoft for OkHttp: install with {@link dev.failsoft.okhttp.Failsoft#okhttp(OkHttpConfig)} and
 * {@link dev.failsoft.okhttp.FailsoftOkHttp#install}; every failure is diagnosed with the phase it
 * reached, retried only when safe, and — when configured — answered from a stale copy. Failures
 * that end in an exception throw {@link dev.failsoft.okhttp.UpstreamFailureException}; {@link
 * dev.failsoft.okhttp.Failsoft#diagnosisOf} explains a failure response.
 */
@NullMarked
package dev.failsoft.okhttp;

import org.jspecify.annotations.NullMarked;
