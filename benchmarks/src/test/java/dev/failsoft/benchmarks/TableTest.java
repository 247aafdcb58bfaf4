package dev.failsoft.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TableTest {
  @Test
  void printsMarkdownWithPaddedRowsAndEscapedPipes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new Table("T", "a", "b")
        .row("x|y")
        .note("n")
        .print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("### T", "| a | b |", "|---|---|", "| x\\|y |  |", "\nn\n");
  }

  @Test
  void refusesMoreCellsThanColumns() {
    assertThatThrownBy(() -> new Table("T", "a").row("1", "2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cells: 2 (expected: <= 1)");
  }

  @Test
  void ratioOfNothingIsNotANumberButSaysSo() {
    assertThat(Table.ratio(1, 0)).isEqualTo("n/a");
    assertThat(Table.ratio(Double.NaN, 1)).isEqualTo("n/a");
    assertThat(Table.ratio(3, 2)).isEqualTo("1.50");
  }
}
