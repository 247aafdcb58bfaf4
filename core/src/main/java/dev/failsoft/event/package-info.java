/**
 * Events from Failsoft's retry, breaker and stale-serving decisions: {@link
 * dev.failsoft.event.FailsoftListener} (no-op defaults; exceptions caught; {@link
 * dev.failsoft.event.FailsoftListener#NONE} is every adapter's default) and {@link
 * dev.failsoft.event.Slf4jListener}, which logs every event.
 *
 * <p>No parameter or result in this package is null.
 */
@NullMarked
package dev.failsoft.event;

import org.jspecify.annotations.NullMarked;
