/**
 * The machinery behind {@link dev.failsoft.okhttp.FailsoftOkHttp}: the interceptor, the phase
 * tracking event listener, the body wrapper and the stale-store bridge. Not an API; may change in
 * any release.
 */
@NullMarked
package dev.failsoft.okhttp.internal;

import org.jspecify.annotations.NullMarked;
