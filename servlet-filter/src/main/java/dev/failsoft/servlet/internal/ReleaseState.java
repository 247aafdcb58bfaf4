package dev.failsoft.servlet.internal;

import dev.failsoft.servlet.internal.BufferingResponse.Release;

/**
 * Whether a {@link BufferingResponse} still holds its body, and if not, why it let go: every state
 * but {@link Release#NONE} is final, and each is entered once, from holding.
 *
 * <p>Two facts refine holding: a failure {@code sendError} the filter may still replace (the
 * application's later calls are then muted, as after a committed error), and a held body that has
 * outgrown the container's buffer (the container would have committed the response by now, so the
 * application must see it as committed).
 *
 * <p>Not thread-safe: its owner serialises the calls.
 */
final class ReleaseState {
  private Release release = Release.NONE;
  private int errorStatus = -1;
  private String errorMessage;
  private boolean pastContainerBuffer;

  /** Returns why the body stopped being held, or {@link Release#NONE}. */
  Release release() {
    return release;
  }

  /** Returns whether the body is still held (the response may still be replaced). */
  boolean holding() {
    return release == Release.NONE;
  }

  /** Returns whether the response was answered from elsewhere. */
  boolean detached() {
    return release == Release.DETACHED;
  }

  /**
   * Returns whether the whole body went out through the wrapper: written when the chain ended, or
   * flushed on purpose by the application (and copied since), so that it may be offered for
   * storage.
   */
  boolean delivered() {
    return release == Release.COMPLETE || release == Release.FLUSH;
  }

  /** Returns whether the application's calls must not reach the container any more. */
  boolean muted() {
    return release == Release.DETACHED || errorStatus >= 0;
  }

  /**
   * Returns whether the container, without the filter, would have committed the response by now:
   * status and headers are then ignored, as the application would see without the filter.
   */
  boolean frozen() {
    return muted() || pastContainerBuffer;
  }

  /** Returns whether the application must be told the response is committed (resets refused). */
  boolean committedForApplication() {
    return holding() && pastContainerBuffer || muted();
  }

  /** Returns whether a failure {@code sendError} is held. */
  boolean errorHeld() {
    return errorStatus >= 0;
  }

  /** Returns the held error's status, or -1. */
  int errorStatus() {
    return errorStatus;
  }

  /** Returns the held error's message, or null (then none was given). */
  String errorMessage() {
    return errorMessage;
  }

  /**
   * The held body has outgrown the container's buffer; from now on the response looks committed.
   */
  void passContainerBuffer() {
    pastContainerBuffer = true;
  }

  /** Returns whether the held body has outgrown the container's buffer. */
  boolean pastContainerBuffer() {
    return pastContainerBuffer;
  }

  /**
   * Holds a failure {@code sendError} instead of sending it, so that the filter may still answer.
   *
   * @throws IllegalStateException when the body is no longer held
   */
  void holdError(int status, String message) {
    requireHolding(Release.NONE);
    errorStatus = status;
    errorMessage = message;
  }

  /** Returns whether the wrapper may step aside: the body is held and no held error mutes it. */
  boolean canStepAside() {
    return holding() && !errorHeld();
  }

  /**
   * Steps aside for {@code why} ({@link Release#CAP}, {@link Release#FLUSH}, {@link Release#STREAM}
   * or {@link Release#ASYNC}): the held body has gone out and the rest flows through.
   *
   * @throws IllegalArgumentException for any other reason
   * @throws IllegalStateException unless {@link #canStepAside()}
   */
  void stepAside(Release why) {
    if (why != Release.CAP
        && why != Release.FLUSH
        && why != Release.STREAM
        && why != Release.ASYNC) {
      throw new IllegalArgumentException(
          "why: " + why + " (expected: CAP, FLUSH, STREAM or ASYNC)");
    }
    if (!canStepAside()) {
      throw new IllegalStateException(
          "release: " + release + (errorHeld() ? " with a held error" : "") + " (expected: NONE)");
    }
    release = why;
  }

  /**
   * The container answers from now on (a {@code sendError} or redirect that is not replaced).
   *
   * @throws IllegalStateException when the body is no longer held
   */
  void toContainer() {
    requireHolding(Release.CONTAINER);
    release = Release.CONTAINER;
  }

  /**
   * The chain ended and the held body was written.
   *
   * @throws IllegalStateException when the body is no longer held
   */
  void complete() {
    requireHolding(Release.COMPLETE);
    release = Release.COMPLETE;
  }

  /**
   * The response is answered from elsewhere.
   *
   * @return false, changing nothing, when the body is no longer held
   */
  boolean detach() {
    if (!holding()) {
      return false;
    }
    release = Release.DETACHED;
    return true;
  }

  private void requireHolding(Release next) {
    if (!holding()) {
      throw new IllegalStateException(
          "release: " + release + " (expected: NONE before " + next + ")");
    }
  }
}
