package dev.failsoft.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DechunkerTest {

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String decode(String raw, int max) {
    return new String(Dechunker.decode(ascii(raw), max), StandardCharsets.ISO_8859_1);
  }

  @Test
  void joinsChunksAndDropsTheLastChunkAndTrailers() {
    assertThat(decode("5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n", 100))
        .isEqualTo("hello, world");
  }

  @Test
  void toleratesBareLineFeedsUpperCaseHexAndASavedPrefixCutShort() {
    assertThat(decode("A\nabcdefghij\n1F\nonly part", 100)).isEqualTo("abcdefghijonly part");
  }

  @Test
  void stopsAtTheLimit() {
    assertThat(decode("5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n", 7)).isEqualTo("hellowo");
  }

  @Test
  void returnsABodyThatIsNotChunkedAsItIs() {
    assertThat(decode("<html>not chunked</html>", 100)).isEqualTo("<html>not chunked</html>");
    assertThat(decode("<html>not chunked</html>", 6)).isEqualTo("<html>");
  }

  @Test
  void refusesAbsurdSizesWithoutAllocatingThem() {
    assertThat(decode("FFFFFFFFFFFFFFFFFFFF\r\nx", 100)).isEqualTo("FFFFFFFFFFFFFFFFFFFF\r\nx");
    assertThat(decode("7FFFFFFF\r\nshort", 100)).isEqualTo("short");
    assertThat(decode("", 100)).isEmpty();
  }
}
