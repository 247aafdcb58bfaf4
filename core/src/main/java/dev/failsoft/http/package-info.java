/**
 * A neutral model of HTTP messages — {@link dev.failsoft.http.Headers}, {@link
 * dev.failsoft.http.RequestHead}, {@link dev.failsoft.http.ResponseHead} and {@link
 * dev.failsoft.http.HttpDate} — that adapters translate their own types into, so that every
 * decision in Failsoft is made once, independent of the HTTP client or server in use.
 *
 * <p>No parameter or result in this package is null.
 */
@NullMarked
package dev.failsoft.http;

import org.jspecify.annotations.NullMarked;
