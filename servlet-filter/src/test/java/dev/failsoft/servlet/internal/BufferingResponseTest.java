package dev.failsoft.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failsoft.servlet.internal.BufferingResponse.Release;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.Cookie;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/** The servlet surface of the buffering wrapper, over a small real in-memory response. */
class BufferingResponseTest {
  private static final IntPredicate GATEWAY_ERRORS = s -> s == 502 || s == 503 || s == 504;

  private final RecordingResponse container = new RecordingResponse();

  private BufferingResponse wrap(int cap) {
    return BufferingResponse.wrap(container, cap, GATEWAY_ERRORS, false);
  }

  private static String text(BufferingResponse wrapper) {
    return HeldBodyTest.utf8(wrapper.body().orElseThrow());
  }

  @Test
  void holdsTheBodyAndItsLengthUntilTheChainEndsThenWritesThemThrough() throws IOException {
    BufferingResponse wrapper = wrap(1024);
    wrapper.setContentLength(5);
    wrapper.getOutputStream().write("hello".getBytes(StandardCharsets.UTF_8));
    wrapper.getOutputStream().close();
    assertThat(container.body()).isEmpty();
    assertThat(container.getHeader("Content-Length")).isNull();
    assertThat(wrapper.getHeader("Content-Length")).isEqualTo("5");
    assertThat(wrapper.holding()).isTrue();

    assertThat(wrapper.complete()).isTrue();

    assertThat(container.body()).isEqualTo("hello");
    assertThat(container.getHeader("Content-Length")).isEqualTo("5");
    assertThat(wrapper.release()).isEqualTo(Release.COMPLETE);
    assertThat(text(wrapper)).isEqualTo("hello");
  }

  @Test
  void statusAndHeadersGoStraightToTheContainer() {
    BufferingResponse wrapper = wrap(1024);
    wrapper.setStatus(201);
    wrapper.setHeader("X-A", "1");
    wrapper.addIntHeader("X-B", 2);
    wrapper.setContentType("text/plain");
    wrapper.addCookie(new Cookie("k", "v"));
    assertThat(container.getStatus()).isEqualTo(201);
    assertThat(container.getHeader("X-A")).isEqualTo("1");
    assertThat(container.getHeader("X-B")).isEqualTo("2");
    assertThat(container.getContentType()).isEqualTo("text/plain");
    assertThat(container.cookies).hasSize(1);
  }

  @Test
  void stepsAsideWhenTheBodyPassesTheCapAndCanNoLongerStoreIt() throws IOException {
    BufferingResponse wrapper = wrap(4);
    ServletOutputStream out = wrapper.getOutputStream();
    out.write("abc".getBytes(StandardCharsets.UTF_8));
    out.write("defg".getBytes(StandardCharsets.UTF_8));
    assertThat(wrapper.release()).isEqualTo(Release.CAP);
    assertThat(container.body()).isEqualTo("abcdefg");
    out.write('h');
    assertThat(container.body()).isEqualTo("abcdefgh");
    assertThat(wrapper.body()).isEmpty();
    assertThat(wrapper.complete()).isFalse();
    assertThat(wrapper.detach()).isFalse();
  }

  @Test
  void aFlushOfABodyStepsAsideButKeepsCopyingItForTheStore() throws IOException {
    BufferingResponse wrapper = wrap(1024);
    PrintWriter writer = wrapper.getWriter();
    writer.print("first ");
    writer.flush();
    assertThat(wrapper.release()).isEqualTo(Release.FLUSH);
    assertThat(container.body()).isEqualTo("first ");
    writer.print("second");
    writer.flush();
    assertThat(container.body()).isEqualTo("first second");
    assertThat(wrapper.complete()).isTrue();
    assertThat(text(wrapper)).isEqualTo("first second");
  }

  @Test
  void aFlushWithNothingHeldOrOfAFailureIsDeferred() throws IOException {
    BufferingResponse wrapper = wrap(1024);
    wrapper.flushBuffer();
    assertThat(wrapper.holding()).isTrue();
    assertThat(container.isCommitted()).isFalse();
    wrapper.setStatus(503);
    wrapper.getOutputStream().write('x');
    wrapper.getOutputStream().flush();
    assertThat(wrapper.holding()).isTrue();
    assertThat(container.flushes).isZero();
  }

  @Test
  void anEventStreamPassesThroughFromItsFirstByte() throws IOException {
    BufferingResponse wrapper = wrap(1024);
    wrapper.setContentType("text/event-stream");
    wrapper.getOutputStream().write("data: 1\n\n".getBytes(StandardCharsets.UTF_8));
    assertThat(wrapper.release()).isEqualTo(Release.STREAM);
    assertThat(container.body()).isEqualTo("data: 1\n\n");
  }

  @Test
  void aFailureSendErrorIsHeldSoThatTheFilterMayStillReplaceIt() throws IOException {
    BufferingResponse wrapper = wrap(1024);
    wrapper.getOutputStream().write('x');
    wrapper.sendError(503, "down");
    assertThat(container.errorSent).isEqualTo(-1);
    assertThat(wrapper.status()).isEqualTo(503);
    assertThat(wrapper.getStatus()).isEqualTo(503);
    assertThat(wrapper.isCommitted()).isTrue();
    wrapper.setHeader("X-Late", "ignored");
    assertThat(container.containsHeader("X-Late")).isFalse();
    assertThatThrownBy(wrapper::reset)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Cannot reset after the response is committed");

    assertThat(wrapper.complete()).isFalse();

    assertThat(container.errorSent).isEqualTo(503);
    assertThat(wrapper.release()).isEqualTo(Release.CONTAINER);
  }

  @Test
  void anyOtherSendErrorOrARedirectGoesToTheContainerAtOnce() throws IOException {
    BufferingResponse wrapper = wrap(1024);
    wrapper.sendError(404);
    assertThat(container.errorSent).isEqualTo(404);
    assertThat(wrapper.release()).isEqualTo(Release.CONTAINER);
    RecordingResponse other = new RecordingResponse();
    BufferingResponse redirected = BufferingResponse.wrap(other, 1024, GATEWAY_ERRORS, false);
    redirected.sendRedirect("/elsewhere");
    assertThat(other.redirectedTo).isEqualTo("/elsewhere");
    assertThat(redirected.release()).isEqualTo(Release.CONTAINER);
  }

  @Test
  void aDetachedResponseIgnoresEverythingTheApplicationDoesAfterwards() throws IOException {
    BufferingResponse wrapper = wrap(1024);
    wrapper.setStatus(502);
    wrapper.setHeader("X-App", "1");
    wrapper.getOutputStream().write("error page".getBytes(StandardCharsets.UTF_8));

    assertThat(wrapper.detach()).isTrue();

    assertThat(wrapper.detached()).isTrue();
    assertThat(container.getStatus()).isEqualTo(200);
    assertThat(container.containsHeader("X-App")).isFalse();
    container.setStatus(200);
    container.getOutputStream().write("stale copy".getBytes(StandardCharsets.UTF_8));
    wrapper.getOutputStream().write("more".getBytes(StandardCharsets.UTF_8));
    wrapper.setStatus(500);
    wrapper.flushBuffer();
    assertThat(wrapper.complete()).isFalse();
    assertThat(container.body()).isEqualTo("stale copy");
    assertThat(container.getStatus()).isEqualTo(200);
    assertThat(wrapper.body()).isEmpty();
  }

  @Test
  void doesNotDetachWhatTheContainerHasCommitted() throws IOException {
    BufferingResponse wrapper = wrap(1024);
    container.flushBuffer();
    assertThat(wrapper.detach()).isFalse();
    assertThat(wrapper.holding()).isTrue();
  }

  @Test
  void aHeldBodyPastTheContainersBufferLooksCommittedToTheApplication() throws IOException {
    container.setBufferSize(4);
    BufferingResponse wrapper = wrap(1024);
    wrapper.getOutputStream().write("12345".getBytes(StandardCharsets.UTF_8));
    assertThat(wrapper.isCommitted()).isTrue();
    assertThat(container.isCommitted()).isFalse();
    wrapper.setStatus(404);
    assertThat(container.getStatus()).isEqualTo(200);
    assertThatThrownBy(wrapper::resetBuffer).isInstanceOf(IllegalStateException.class);
    assertThat(wrapper.complete()).isTrue();
    assertThat(container.body()).isEqualTo("12345");
  }

  @Test
  void aResetWhileHoldingForgetsTheBodyAndLetsTheApplicationStartAgain() throws IOException {
    BufferingResponse wrapper = wrap(1024);
    wrapper.getWriter().print("draft");
    wrapper.setContentLength(5);
    wrapper.reset();
    assertThat(wrapper.containsHeader("Content-Length")).isFalse();
    wrapper.getOutputStream().write("final".getBytes(StandardCharsets.UTF_8));
    assertThat(wrapper.complete()).isTrue();
    assertThat(container.body()).isEqualTo("final");
  }

  @Test
  void aWritersBodyIsEncodedAsTheContainerWouldEncodeIt() throws IOException {
    BufferingResponse wrapper = wrap(1024);
    wrapper.setContentType("text/plain;charset=UTF-8");
    wrapper.getWriter().print("größe");
    assertThat(text(wrapper)).isEqualTo("größe");
    assertThat(wrapper.bodyPrefix(3))
        .containsExactly(java.util.Arrays.copyOf("grö".getBytes(StandardCharsets.UTF_8), 3));
    wrapper.complete();
    assertThat(container.body()).isEqualTo("größe");
  }

  @Test
  void onlyOneOfTheStreamAndTheWriterMayBeUsed() throws IOException {
    BufferingResponse wrapper = wrap(1024);
    wrapper.getWriter();
    assertThatThrownBy(wrapper::getOutputStream)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("getWriter() has already been called");
  }

  @Test
  void goingAsyncWritesWhatIsHeldAndLetsTheRestFlow() throws IOException {
    BufferingResponse wrapper = wrap(1024);
    wrapper.getOutputStream().write("held".getBytes(StandardCharsets.UTF_8));
    wrapper.goingAsync();
    assertThat(wrapper.release()).isEqualTo(Release.ASYNC);
    assertThat(container.body()).isEqualTo("held");
    wrapper.getOutputStream().write("+flow".getBytes(StandardCharsets.UTF_8));
    assertThat(container.body()).isEqualTo("held+flow");
  }

  @Test
  void aGuardedResponseLetsAnotherThreadDetachItWhileTheApplicationWrites() throws Exception {
    BufferingResponse wrapper = BufferingResponse.wrap(container, 1 << 20, GATEWAY_ERRORS, true);
    ServletOutputStream out = wrapper.getOutputStream();
    out.write("before".getBytes(StandardCharsets.UTF_8));
    wrapper.lock();
    CompletableFuture<Void> wrote = new CompletableFuture<>();
    Thread application =
        new Thread(
            () -> {
              try {
                out.write("during".getBytes(StandardCharsets.UTF_8));
                wrapper.setHeader("X-App", "late");
                wrote.complete(null);
              } catch (IOException | RuntimeException e) {
                wrote.completeExceptionally(e);
              }
            });
    try {
      application.start();
      // The application's write waits for the lock the timer holds.
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (application.getState() != Thread.State.WAITING && System.nanoTime() < giveUp) {
        Thread.onSpinWait();
      }
      assertThat(application.getState()).isEqualTo(Thread.State.WAITING);
      assertThat(wrote).isNotDone();
      assertThat(wrapper.detach()).isTrue();
      container.getOutputStream().write("stale".getBytes(StandardCharsets.UTF_8));
    } finally {
      wrapper.unlock();
    }
    wrote.get(10, TimeUnit.SECONDS);
    assertThat(container.body()).isEqualTo("stale");
    assertThat(container.containsHeader("X-App")).isFalse();
    assertThat(wrapper.complete()).isFalse();
  }
}
