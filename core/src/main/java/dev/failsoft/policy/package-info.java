/**
 * Retry and protection decisions driven by a {@link dev.failsoft.diagnosis.Diagnosis}: {@link
 * dev.failsoft.policy.RetryPolicy} (backoff, deadline, Retry-After, safety), {@link
 * dev.failsoft.policy.RetryBudget} (per-host retry ratio), {@link
 * dev.failsoft.policy.CircuitBreaker} with {@link dev.failsoft.policy.HostRegistry}. All are pure,
 * lock-free and take an injected {@link dev.failsoft.policy.Ticker} (nanoseconds) so tests run on
 * a fake clock; every decision is a {@link dev.failsoft.policy.RetryDecision} saying why.
 */
package dev.failsoft.policy;
