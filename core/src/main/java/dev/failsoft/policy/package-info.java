/**
 * Retry and protection decisions driven by a {@link dev.failsoft.diagnosis.Diagnosis}: {@link
 * dev.failsoft.policy.RetryPolicy} (backoff, deadline, Retry-After, safety), {@link
 * dev.failsoft.policy.RetryBudget} (per-host retry ratio), {@link
 * dev.failsoft.policy.CircuitBreaker} with {@link dev.failsoft.policy.HostRegistry}, and active
 * health checks with {@link dev.failsoft.policy.HealthMonitor}. Every decision is a {@link
 * dev.failsoft.policy.RetryDecision} saying why.
 *
 * <p>The retry policy is a pure function of its arguments: its decision says what to charge to the
 * budget and whom to hold back, and the caller applies it ({@link
 * dev.failsoft.policy.RetryDecision#applyTo}). Settings are immutable configurations ({@link
 * dev.failsoft.policy.CircuitBreaker.Config}, {@link dev.failsoft.policy.RetryBudget.Config})
 * passed to a {@link dev.failsoft.policy.HostRegistry}; "none" is an object ({@link
 * dev.failsoft.policy.RetryBudget#unlimited()}, {@link dev.failsoft.policy.CircuitBreaker#none()}),
 * never null. Budgets, breakers and registries are lock-free and read time from an injected {@link
 * dev.failsoft.policy.Ticker} (nanoseconds), so tests run on a fake clock. No parameter or result
 * is null. Every type is thread-safe; the builders are not.
 */
@NullMarked
package dev.failsoft.policy;

import org.jspecify.annotations.NullMarked;
