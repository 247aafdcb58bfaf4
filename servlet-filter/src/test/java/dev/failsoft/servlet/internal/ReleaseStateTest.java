package dev.failsoft.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failsoft.servlet.internal.BufferingResponse.Release;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class ReleaseStateTest {

  @Test
  void startsHoldingWithNothingMutedOrFrozen() {
    ReleaseState state = new ReleaseState();
    assertThat(state.release()).isEqualTo(Release.NONE);
    assertThat(state.holding()).isTrue();
    assertThat(state.canStepAside()).isTrue();
    assertThat(state.muted()).isFalse();
    assertThat(state.frozen()).isFalse();
    assertThat(state.delivered()).isFalse();
    assertThat(state.committedForApplication()).isFalse();
  }

  @Test
  void eachStepAsideIsFinal() {
    for (Release why : EnumSet.of(Release.CAP, Release.FLUSH, Release.STREAM, Release.ASYNC)) {
      ReleaseState state = new ReleaseState();
      state.stepAside(why);
      assertThat(state.release()).isEqualTo(why);
      assertThat(state.holding()).isFalse();
      assertThat(state.canStepAside()).isFalse();
      assertThat(state.detach()).isFalse();
      assertThatThrownBy(state::complete)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("release: " + why + " (expected: NONE before COMPLETE)");
      assertThatThrownBy(state::toContainer).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> state.stepAside(Release.CAP))
          .isInstanceOf(IllegalStateException.class);
      assertThat(state.release()).isEqualTo(why);
    }
  }

  @Test
  void onlyTheFourStepAsideReasonsAreStepsAside() {
    ReleaseState state = new ReleaseState();
    for (Release other :
        EnumSet.of(Release.NONE, Release.CONTAINER, Release.COMPLETE, Release.DETACHED)) {
      assertThatThrownBy(() -> state.stepAside(other))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("why: " + other);
    }
    assertThat(state.holding()).isTrue();
  }

  @Test
  void theBodyWentOutWholeOnlyWhenCompletedOrFlushedOnPurpose() {
    for (Release why : EnumSet.allOf(Release.class)) {
      ReleaseState state = new ReleaseState();
      switch (why) {
        case NONE -> {}
        case CAP, FLUSH, STREAM, ASYNC -> state.stepAside(why);
        case CONTAINER -> state.toContainer();
        case COMPLETE -> state.complete();
        case DETACHED -> state.detach();
        default -> throw new AssertionError(why);
      }
      assertThat(state.release()).isEqualTo(why);
      assertThat(state.delivered())
          .as(why.name())
          .isEqualTo(why == Release.COMPLETE || why == Release.FLUSH);
      assertThat(state.detached()).isEqualTo(why == Release.DETACHED);
    }
  }

  @Test
  void aHeldErrorMutesTheApplicationAndBlocksStepsAsideButNotADetach() {
    ReleaseState state = new ReleaseState();
    state.holdError(503, "down");
    assertThat(state.errorHeld()).isTrue();
    assertThat(state.errorStatus()).isEqualTo(503);
    assertThat(state.errorMessage()).isEqualTo("down");
    assertThat(state.holding()).isTrue();
    assertThat(state.muted()).isTrue();
    assertThat(state.frozen()).isTrue();
    assertThat(state.committedForApplication()).isTrue();
    assertThat(state.canStepAside()).isFalse();
    assertThatThrownBy(() -> state.stepAside(Release.FLUSH))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("held error");
    assertThat(state.detach()).isTrue();
    assertThat(state.release()).isEqualTo(Release.DETACHED);
  }

  @Test
  void aHeldErrorGoesToTheContainerWhenNotReplaced() {
    ReleaseState state = new ReleaseState();
    state.holdError(502, null);
    state.toContainer();
    assertThat(state.release()).isEqualTo(Release.CONTAINER);
    assertThat(state.errorMessage()).isNull();
    assertThatThrownBy(() -> state.holdError(503, null)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aBodyPastTheContainersBufferLooksCommittedWhileHeld() {
    ReleaseState state = new ReleaseState();
    state.passContainerBuffer();
    assertThat(state.pastContainerBuffer()).isTrue();
    assertThat(state.frozen()).isTrue();
    assertThat(state.muted()).isFalse();
    assertThat(state.committedForApplication()).isTrue();
    state.stepAside(Release.CAP);
    // Released: the container itself now says whether it is committed.
    assertThat(state.committedForApplication()).isFalse();
    assertThat(state.frozen()).isTrue();
  }
}
