/**
 * Events from Failsoft's retry, breaker and stale-serving decisions: {@link
 * dev.failsoft.event.FailsoftListener} (no-op defaults; exceptions caught) and the default {@link
 * dev.failsoft.event.Slf4jListener}.
 */
package dev.failsoft.event;
