package dev.failsoft.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {

  @TempDir Path dir;

  private static String key(int seed) {
    byte[] k = new byte[32];
    k[0] = (byte) seed;
    return Base64.getEncoder().encodeToString(k);
  }

  private Path file(String text) throws Exception {
    Path f = dir.resolve("keys");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void theFirstKeySignsAndTheOthersAreAccepted() throws Exception {
    SigningKeys keys = SigningKeys.read(file("# rotation\n\nk2:" + key(2) + "\nk1: " + key(1)));
    assertThat(keys.signingId()).isEqualTo("k2");
    assertThat(keys.ids()).containsExactly("k2", "k1");
    assertThat(keys.toString()).doesNotContain(key(2));
  }

  @Test
  void badLinesAreRefusedInOneLineWithoutTheKey() throws Exception {
    assertThatThrownBy(() -> SigningKeys.read(file("just-a-key\n")))
        .hasMessage("key-file: " + dir.resolve("keys") + " line 1 (expected: ID:BASE64)");
    assertThatThrownBy(
            () -> SigningKeys.read(file("k1:" + Base64.getEncoder().encodeToString(new byte[8]))))
        .hasMessage(
            "key-file: "
                + dir.resolve("keys")
                + " line 1: key k1: 8 bytes (expected: at"
                + " least 32)");
    assertThatThrownBy(() -> SigningKeys.read(file("k1:***\n")))
        .hasMessageEndingWith("line 1 (expected: ID:BASE64, the key in base64)");
    assertThatThrownBy(() -> SigningKeys.read(file("k1:" + key(1) + "\nk1:" + key(2))))
        .hasMessageEndingWith("line 2: key id: k1 (expected: an id not yet held)");
    assertThatThrownBy(() -> SigningKeys.read(file("bad id:" + key(1))))
        .hasMessageContaining("key id: bad id (expected: 1 to 32 of A-Z a-z 0-9 . _ -)");
    assertThatThrownBy(() -> SigningKeys.read(file("# only comments\n")))
        .hasMessageEndingWith("(expected: at least one line ID:BASE64)");
  }
}
