package dev.failsoft.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.diagnosis.internal.ProxyStatusParser;
import dev.failsoft.diagnosis.internal.ProxyStatusParser.Member;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProxyStatusParserTest {

  @Test
  void readsNameErrorDetailsAndReceivedStatus() {
    List<Member> members =
        ProxyStatusParser.parse(
            "ExampleCDN; error=connection_timeout; details=\"no SYN-ACK from \\\"10.0.0.5\\\"\"");

    assertThat(members)
        .containsExactly(
            new Member("ExampleCDN", "connection_timeout", "no SYN-ACK from \"10.0.0.5\"", -1));
    assertThat(members.get(0).kind()).hasValue(FailureKind.CONNECTION_TIMEOUT);
    assertThat(members.get(0).phase()).hasValue(Phase.CONNECT);
  }

  @Test
  void theFirstMemberWithAnErrorIsTheHopNearestTheOriginThatFailed() {
    // RFC 9209 §2: the first member is the intermediary closest to the origin.
    List<Member> members =
        ProxyStatusParser.parse(
            "\"inner lb\"; error=dns_error,"
                + " edge;received-status=502, cdn ; received-status=502");

    assertThat(members).extracting(Member::name).containsExactly("inner lb", "edge", "cdn");
    assertThat(members.get(1).receivedStatus()).isEqualTo(502);
    assertThat(ProxyStatusParser.generator(members))
        .hasValueSatisfying(
            m -> {
              assertThat(m.name()).isEqualTo("inner lb");
              assertThat(m.kind()).hasValue(FailureKind.DNS_ERROR);
              assertThat(m.phase()).hasValue(Phase.DNS);
            });
  }

  @Test
  void mapsErrorTypesWithoutAKindOfTheirOwn() {
    assertThat(ProxyStatusParser.parse("p; error=http_response_header_size").get(0).kind())
        .hasValue(FailureKind.HTTP_RESPONSE_HEADER_SECTION_SIZE);
    assertThat(ProxyStatusParser.parse("p; error=proxy_loop_detected").get(0).kind())
        .hasValue(FailureKind.PROXY_INTERNAL_ERROR);
    assertThat(ProxyStatusParser.parse("p; error=http_protocol_error").get(0).kind())
        .hasValue(FailureKind.HTTP_PROTOCOL_ERROR);
    assertThat(ProxyStatusParser.parse("p; error=made_up_error").get(0).kind()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ",,,",
        ";error=x",
        "\"unterminated; error=dns_error",
        "=;=;=",
        "a;;;b",
        "\u00ff\u00fe",
        "a; received-status=abc",
        "a; received-status=99999"
      })
  void toleratesMalformedFields(String field) {
    List<Member> members = ProxyStatusParser.parse(field);

    assertThat(members).allSatisfy(m -> assertThat(m.name()).isNotEmpty());
  }

  @Test
  void readsAtMostSixteenMembersOfAHugeField() {
    String field = "hop; received-status=502, ".repeat(10_000);

    assertThat(ProxyStatusParser.parse(field)).hasSize(16);
    assertThat(ProxyStatusParser.parse(null)).isEmpty();
  }
}
