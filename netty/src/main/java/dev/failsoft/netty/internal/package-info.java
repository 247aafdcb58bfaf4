/**
 * The handler's moving parts: one exchange's state, the held body, and the translation of Netty's
 * heads into core's. Not API: anything here may change without notice.
 */
@NullMarked
package dev.failsoft.netty.internal;

import org.jspecify.annotations.NullMarked;
