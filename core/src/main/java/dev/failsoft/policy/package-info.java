/**
 * Retry and protection decisions driven by a {@link dev.failsoft.diagnosis.Diagnosis}: {@link
 * dev.failsoft.policy.RetryPolicy} (backoff, deadline, Retry-After, safety), {@link
 * dev.failsoft.policy.RetryBudget} (per-host retry ratio), {@link
 * dev.failsoft.policy.CircuitBreaker} with {@link dev.failsoft.policy.HostRegistry}, and active
 * health checks with {@link dev.failsoft.policy.HealthMonitor}. Every decision is a {@link
 * dev.failsoft.policy.RetryDecision} saying why.
 *
 * <p>The retry policy is a pure function of its arguments (apart from telling a breaker it is given
 * to hold a host back); budgets and breakers are lock-free and read time from an injected {@link
 * dev.failsoft.policy.Ticker} (nanoseconds), so tests run on a fake clock. Every type is
 * thread-safe; the builders are not.
 */
package dev.failsoft.policy;
