package dev.failsoft.policy;

/** The states of a {@link CircuitBreaker}: CLOSED → OPEN → HALF_OPEN → CLOSED or OPEN. */
public enum CircuitState {
  /** Calls flow; outcomes are counted. */
  CLOSED,
  /** Calls fail fast until the open duration ends. */
  OPEN,
  /** A limited number of probe calls decide whether to close or open again. */
  HALF_OPEN
}
