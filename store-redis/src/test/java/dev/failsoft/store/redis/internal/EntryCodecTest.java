package dev.failsoft.store.redis.internal;

import static dev.failsoft.store.redis.testing.Entries.get;
import static dev.failsoft.store.redis.testing.Entries.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.cache.StoredResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EntryCodecTest {

  private static final byte[] SECRET = new byte[32];
  private static final byte[] NAME = "failsoft:{abc}:v:0".getBytes(StandardCharsets.UTF_8);
  private final EntryCodec codec = new EntryCodec("k1", Map.of("k1", SECRET));
  private final StoredResponse page =
      ok(
          get("https://shop.example/ü?q=1", "Accept-Language", "de"),
          "Grüße",
          "Vary",
          "Accept-Language",
          "Content-Type",
          "text/plain;charset=utf-8");

  @Test
  void aValueDecodesToTheSameResponseAndExpiry() {
    byte[] value = codec.encode(page, 1_234_567L, NAME);
    EntryCodec.Decoded decoded = codec.decode(value, NAME, page.key());
    assertThat(decoded.refusal()).isNull();
    assertThat(decoded.response()).isEqualTo(page);
    assertThat(decoded.expiresAtMillis()).isEqualTo(1_234_567L);
  }

  @Test
  void everyTruncationAndEveryFlippedByteIsRefusedNeverThrown() {
    byte[] value = codec.encode(page, 1_234_567L, NAME);
    for (int length = 0; length < value.length; length++) {
      assertThat(codec.decode(Arrays.copyOf(value, length), NAME, page.key()).refusal())
          .as("truncated to %s", length)
          .isNotNull();
    }
    for (int i = 0; i < value.length; i++) {
      byte[] changed = value.clone();
      changed[i] ^= 0x40;
      assertThat(codec.decode(changed, NAME, page.key()).refusal()).as("byte %s", i).isNotNull();
    }
  }

  @Test
  void randomBytesAreRefusedAsGarbageOrOtherFormat() {
    Random random = new Random(42);
    for (int i = 0; i < 2_000; i++) {
      byte[] junk = new byte[random.nextInt(200)];
      random.nextBytes(junk);
      if (junk.length > 4 && random.nextBoolean()) {
        System.arraycopy("FSRS".getBytes(StandardCharsets.US_ASCII), 0, junk, 0, 4);
      }
      assertThat(codec.decode(junk, NAME, page.key()).refusal()).isNotNull();
    }
  }

  @Test
  void anUnsignedCodecWritesValuesThatASignedOneRefusesAsForeign() {
    EntryCodec unsigned = new EntryCodec(null, Map.of());
    byte[] value = unsigned.encode(page, 1L, NAME);
    assertThat(unsigned.decode(value, NAME, page.key()).response()).isEqualTo(page);
    assertThat(codec.decode(value, NAME, page.key()).refusal())
        .isEqualTo(EntryCodec.Refusal.FOREIGN_KEY);
    assertThat(unsigned.decode(codec.encode(page, 1L, NAME), NAME, page.key()).refusal())
        .isEqualTo(EntryCodec.Refusal.FOREIGN_KEY);
  }
}
