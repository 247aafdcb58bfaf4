package dev.failsoft.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/** The leak check the other tests rely on does see a leak. */
class LeakCheckTest {
  static {
    LeakCheck.install();
  }

  @Test
  void reportsABufferThatWasNeverReleased() {
    leak();

    assertThat(LeakCheck.collect()).anySatisfy(report -> assertThat(report).contains("leaked"));
  }

  private static void leak() {
    ByteBuf lost = PooledByteBufAllocator.DEFAULT.directBuffer(64);
    lost.writeLong(42);
  }
}
