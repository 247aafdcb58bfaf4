package dev.failsoft.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeldBodyTest {

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(HeldBody body) {
    return utf8(body.bytes().orElseThrow());
  }

  /** Decodes a body view as UTF-8, leaving the view as it was. */
  static String utf8(ByteBuffer view) {
    byte[] out = new byte[view.remaining()];
    view.duplicate().get(out);
    return new String(out, StandardCharsets.UTF_8);
  }

  @Test
  void holdsBytesUpToTheCapAndRefusesTheWriteThatWouldPassIt() {
    HeldBody body = new HeldBody(8, false);
    body.useBytes();
    assertThat(body.hold(bytes("hello"), 0, 5, -1)).isTrue();
    assertThat(body.hold(bytes("world"), 0, 5, -1)).isFalse();
    assertThat(body.size()).isEqualTo(5);
    assertThat(text(body)).isEqualTo("hello");
    assertThat(body.hold(bytes("xyz!"), 1, 3, -1)).isTrue();
    assertThat(text(body)).isEqualTo("helloyz!");
  }

  @Test
  void holdsCharactersByTheSameRulesAndEncodesThemWithTheWritersCharset() {
    HeldBody body = new HeldBody(4, false);
    body.useChars(StandardCharsets.UTF_8);
    assertThat(body.hold("größe".toCharArray(), 0, 3, -1)).isTrue();
    assertThat(body.hold("ab".toCharArray(), 0, 2, -1)).isFalse();
    assertThat(body.hold("ße", 0, 1)).isTrue();
    assertThat(body.hold("e", 0, 1)).isFalse();
    assertThat(body.size()).isEqualTo(4);
    assertThat(text(body)).isEqualTo("größ");
    assertThat(body.prefix(3)).containsExactly(java.util.Arrays.copyOf(bytes("grö"), 3));
  }

  @Test
  void charactersInAnUnknownCharsetCanBeHeldButNotRead() {
    HeldBody body = new HeldBody(100, false);
    body.useChars(null);
    assertThat(body.hold("page".toCharArray(), 0, 4, -1)).isTrue();
    assertThat(body.bytes()).isEmpty();
    assertThat(body.prefix(10)).isEmpty();
    assertThat(body.array()).isInstanceOf(char[].class);
  }

  @Test
  void anEmptyWriterBodyReadsAsNoBytes() {
    HeldBody body = new HeldBody(100, false);
    body.useChars(null);
    assertThat(body.bytes()).hasValueSatisfying(b -> assertThat(b.remaining()).isZero());
  }

  @Test
  void growsToTheDeclaredLengthAtOnceWhenItFitsTheCap() {
    HeldBody body = new HeldBody(100_000, false);
    body.useBytes();
    body.hold(new byte[10], 0, 10, 50_000);
    assertThat(((byte[]) body.array()).length).isEqualTo(50_000);
    HeldBody capped = new HeldBody(1000, false);
    capped.useBytes();
    capped.hold(new byte[10], 0, 10, 50_000);
    assertThat(((byte[]) capped.array()).length).isLessThanOrEqualTo(2048);
  }

  @Test
  void copiesWhatPassesThroughUntilTheCapThenDropsTheCopyForGood() {
    HeldBody body = new HeldBody(6, false);
    body.useBytes();
    body.hold(bytes("abc"), 0, 3, -1);
    body.copy(bytes("def"), 0, 3);
    assertThat(text(body)).isEqualTo("abcdef");
    body.copy(bytes("g"), 0, 1);
    assertThat(body.isWhole()).isFalse();
    assertThat(body.bytes()).isEmpty();
    body.copy(bytes("h"), 0, 1);
    assertThat(body.size()).isZero();
  }

  @Test
  void clearKeepsHoldingWhileDropStopsForGood() {
    HeldBody body = new HeldBody(10, false);
    body.useBytes();
    body.hold(bytes("abc"), 0, 3, -1);
    body.clear();
    assertThat(text(body)).isEmpty();
    body.hold(bytes("xy"), 0, 2, -1);
    assertThat(text(body)).isEqualTo("xy");
    body.drop();
    assertThat(body.bytes()).isEmpty();
    assertThat(body.size()).isZero();
  }

  @Test
  void switchingFromTheWriterToTheStreamAfterAResetHoldsBytes() {
    HeldBody body = new HeldBody(10, false);
    body.useChars(StandardCharsets.UTF_8);
    body.hold("abc".toCharArray(), 0, 3, -1);
    body.clear();
    body.useBytes();
    body.hold(bytes("xyz"), 0, 3, -1);
    assertThat(body.array()).isInstanceOf(byte[].class);
    assertThat(text(body)).isEqualTo("xyz");
  }

  @Test
  void aPooledBodyReusesTheArrayTheLastOneOnThisThreadGaveBack() {
    HeldBody first = new HeldBody(10_000, true);
    first.useBytes();
    first.hold(new byte[3000], 0, 3000, -1);
    byte[] array = (byte[]) first.array();
    first.recycle();
    assertThat(first.bytes()).isEmpty();
    HeldBody second = new HeldBody(10_000, true);
    second.useBytes();
    second.hold(bytes("next"), 0, 4, -1);
    assertThat(second.array()).isSameAs(array);
    assertThat(text(second)).isEqualTo("next");
    second.recycle();
    HeldBody unpooled = new HeldBody(10_000, false);
    unpooled.useBytes();
    unpooled.hold(bytes("own"), 0, 3, -1);
    assertThat(unpooled.array()).isNotSameAs(array);
    Scratch.take(0);
  }
}
