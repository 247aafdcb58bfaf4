package dev.failsoft.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Netty's leak detector at PARANOID (every buffer tracked), with every leak report recorded so a
 * test can fail on it. Touch this class before any Netty buffer class loads: the detectors are
 * created when those classes initialise.
 */
final class LeakWatch {
  private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

  static {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(
        new ResourceLeakDetectorFactory() {
          @Override
          @SuppressWarnings("deprecation")
          public <T> ResourceLeakDetector<T> newResourceLeakDetector(
              Class<T> resource, int samplingInterval, long maxActive) {
            return new ResourceLeakDetector<T>(resource, samplingInterval) {
              @Override
              protected void reportTracedLeak(String resourceType, String records) {
                LEAKS.add(resourceType + records);
                super.reportTracedLeak(resourceType, records);
              }

              @Override
              protected void reportUntracedLeak(String resourceType) {
                LEAKS.add(resourceType);
                super.reportUntracedLeak(resourceType);
              }
            };
          }
        });
  }

  private LeakWatch() {}

  /** Installs the recording detector (by loading this class). */
  static void install() {
    assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
  }

  /** Collects garbage and polls the detectors until every lost buffer would have been reported. */
  static void assertNoLeaks() {
    for (int i = 0; i < 5; i++) {
      System.gc();
      System.runFinalization();
      // Leaks are reported when a detector tracks its next buffer.
      ByteBuf probe = PooledByteBufAllocator.DEFAULT.directBuffer(16);
      probe.release();
      ByteBuf heap = PooledByteBufAllocator.DEFAULT.heapBuffer(16);
      heap.release();
    }
    assertThat(LEAKS).as("Netty leak reports").isEmpty();
  }
}
