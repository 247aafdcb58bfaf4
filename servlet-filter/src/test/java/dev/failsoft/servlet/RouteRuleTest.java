package dev.failsoft.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteRuleTest {

  @Test
  void parsesEverySettingOfAnInitParamRule() {
    RouteRule rule =
        RouteRule.parse(
            "  /news/*   max-stale=10m failure-statuses=500,502 soft-deadline=1500ms "
                + "breaker=off store-cookie-requests=on");

    assertThat(rule.pattern()).isEqualTo("/news/*");
    assertThat(rule.enabled()).isTrue();
    assertThat(rule.maxStale()).isEqualTo(Duration.ofMinutes(10));
    assertThat(rule.failureStatuses()).containsExactly(500, 502);
    assertThat(rule.softDeadline()).contains(Duration.ofMillis(1500));
    assertThat(rule.breaker()).isFalse();
    assertThat(rule.storeCookieRequests()).isTrue();
    assertThat(rule.isFailure(500)).isTrue();
    assertThat(rule.isFailure(503)).isFalse();
  }

  @Test
  void hasDocumentedDefaults() {
    RouteRule rule = RouteRule.parse("/a");

    assertThat(rule.maxStale())
        .isEqualTo(RouteRule.DEFAULT_MAX_STALE)
        .isEqualTo(Duration.ofDays(1));
    assertThat(rule.failureStatuses()).containsExactly(502, 503, 504);
    assertThat(rule.softDeadline()).isEmpty();
    assertThat(rule.breaker()).isTrue();
    assertThat(rule.storeCookieRequests()).isFalse();
    assertThat(RouteRule.parse("/a off").enabled()).isFalse();
  }

  @Test
  void matchesLikeServletUrlPatterns() {
    RouteRule prefix = RouteRule.parse("/news/*");
    RouteRule exact = RouteRule.parse("/news/today");
    RouteRule extension = RouteRule.parse("*.html");
    RouteRule all = RouteRule.parse("/*");

    assertThat(prefix.matches("/news")).isTrue();
    assertThat(prefix.matches("/news/a/b")).isTrue();
    assertThat(prefix.matches("/newsletter")).isFalse();
    assertThat(exact.matches("/news/today")).isTrue();
    assertThat(exact.matches("/news/today/")).isFalse();
    assertThat(extension.matches("/a/b.html")).isTrue();
    assertThat(extension.matches("/a.html/b")).isFalse();
    assertThat(all.matches("/anything")).isTrue();
  }

  @Test
  void rejectsMalformedRulesWithMessagesNamingTheSetting() {
    assertThatThrownBy(() -> RouteRule.parse("news/*"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pattern");
    assertThatThrownBy(() -> RouteRule.parse("/a/*/b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pattern");
    assertThatThrownBy(() -> RouteRule.parse("/a max-stale=soon"))
        .hasMessageStartingWith("max-stale: \"soon\"");
    assertThatThrownBy(() -> RouteRule.parse("/a max-stale=99999999999999999d"))
        .hasMessageStartingWith("max-stale:");
    assertThatThrownBy(() -> RouteRule.parse("/a soft-deadline=0"))
        .hasMessageContaining("expected: > 0");
    assertThatThrownBy(() -> RouteRule.parse("/a failure-statuses=5xx"))
        .hasMessageStartingWith("failure-statuses:");
    assertThatThrownBy(() -> RouteRule.parse("/a failure-statuses=200"))
        .hasMessageContaining("expected: 500, 502, 503 or 504");
    assertThatThrownBy(() -> RouteRule.parse("/a breaker=maybe"))
        .hasMessageStartingWith("breaker: \"maybe\"");
    assertThatThrownBy(() -> RouteRule.parse("/a colour=red")).hasMessageContaining("colour=red");
    assertThatThrownBy(() -> RouteRule.forPattern("/a").maxStale(Duration.ofSeconds(-1)))
        .hasMessageContaining("expected: >= 0");
    assertThatThrownBy(() -> RouteRule.forPattern("/a").failureStatuses(Set.of(1000)))
        .hasMessageContaining("expected: 500, 502, 503 or 504");
  }

  @Test
  void neverThrowsOnAbsurdStatusesWhenAskedWhetherTheyFail() {
    RouteRule rule = RouteRule.defaults();

    assertThat(rule.isFailure(-1)).isFalse();
    assertThat(rule.isFailure(Integer.MAX_VALUE)).isFalse();
    assertThat(rule.isFailure(503)).isTrue();
  }
}
