package dev.failsoft.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failsoft.cache.CaffeineStaleStore;
import dev.failsoft.cache.StaleStore;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StaleIfErrorFilterConfigTest {

  @Test
  void parsesByteSizesWithBinaryUnits() {
    assertThat(StaleIfErrorFilterSpec.parseBytes("buffer-bytes", "65536")).isEqualTo(65536);
    assertThat(StaleIfErrorFilterSpec.parseBytes("buffer-bytes", "64KiB")).isEqualTo(65536);
    assertThat(StaleIfErrorFilterSpec.parseBytes("buffer-bytes", " 2 MiB ")).isEqualTo(2 << 20);
  }

  @Test
  void rejectsAbsurdByteSizes() {
    assertThatThrownBy(() -> StaleIfErrorFilterSpec.parseBytes("buffer-bytes", "-1"))
        .hasMessageStartingWith("buffer-bytes: \"-1\"");
    assertThatThrownBy(() -> StaleIfErrorFilterSpec.parseBytes("buffer-bytes", "5GiB"))
        .hasMessageStartingWith("buffer-bytes:");
    assertThatThrownBy(() -> StaleIfErrorFilterSpec.parseBytes("buffer-bytes", "lots"))
        .hasMessageStartingWith("buffer-bytes:");
    assertThatThrownBy(
            () -> StaleIfErrorFilterSpec.parseBytes("buffer-bytes", "99999999999999999999"))
        .hasMessageStartingWith("buffer-bytes:");
  }

  /** The container's side of init(): init-params and nothing else. */
  private record Params(Map<String, String> values) implements FilterConfig {
    @Override
    public String getFilterName() {
      return "failsoft";
    }

    @Override
    public ServletContext getServletContext() {
      throw new UnsupportedOperationException("not needed without fallback-page");
    }

    @Override
    public String getInitParameter(String name) {
      return values.get(name);
    }

    @Override
    public Enumeration<String> getInitParameterNames() {
      return Collections.enumeration(values.keySet());
    }
  }

  @Test
  void refusesABadBreakerInitParamInOneLineNamingIt() {
    Map<String, String> bad =
        Map.of(
            "breaker-failure-rate", "150%",
            "breaker-window", "many",
            "breaker-minimum-calls", "0",
            "breaker-open", "-5s",
            "breaker-max-open", "soon",
            "breaker-consecutive-failures", "99999999999",
            "breaker-half-open-probes", "0");
    for (Map.Entry<String, String> param : bad.entrySet()) {
      StaleIfErrorFilter filter = new StaleIfErrorFilter();
      assertThatThrownBy(() -> filter.init(new Params(Map.of(param.getKey(), param.getValue()))))
          .as(param.getKey())
          .isInstanceOf(ServletException.class)
          .hasMessageStartingWith("StaleIfErrorFilter init-param " + param.getKey() + ": ")
          .hasMessageContaining(param.getValue().startsWith("-") ? "" : param.getValue())
          .hasMessageNotContaining("\n");
    }
  }

  @Test
  void acceptsEveryBreakerInitParamInItsDocumentedForms() throws Exception {
    StaleIfErrorFilter filter = new StaleIfErrorFilter();
    filter.init(
        new Params(
            Map.of(
                "breaker-failure-rate", "50%",
                "breaker-window", "40",
                "breaker-minimum-calls", "20",
                "breaker-consecutive-failures", "3",
                "breaker-open", "30s",
                "breaker-max-open", "10m",
                "breaker-half-open-probes", "2")));
    filter.destroy();
    StaleIfErrorFilter longOpen = new StaleIfErrorFilter();
    longOpen.init(new Params(Map.of("breaker-open", "10m")));
    longOpen.destroy();
    StaleIfErrorFilter inverted = new StaleIfErrorFilter();
    assertThatThrownBy(
            () ->
                inverted.init(new Params(Map.of("breaker-open", "10m", "breaker-max-open", "1m"))))
        .isInstanceOf(ServletException.class)
        .hasMessageStartingWith("StaleIfErrorFilter init-params maxOpenDuration: PT1M");
    StaleIfErrorFilter fraction = new StaleIfErrorFilter();
    fraction.init(new Params(Map.of("breaker-failure-rate", "0.25")));
    fraction.destroy();
  }

  @Test
  void validatesBuilderSettings() {
    assertThatThrownBy(() -> StaleIfErrorFilter.builder().bufferBytes(-1))
        .hasMessage("bufferBytes: -1 (expected: >= 0)");
    assertThatThrownBy(() -> StaleIfErrorFilter.builder().cacheName("two words"))
        .hasMessageContaining("expected: a token");
  }

  @Test
  void refusesAStoreSizeTogetherWithAStoreInsteadOfIgnoringIt() {
    StaleStore store = CaffeineStaleStore.builder().maximumBytes(1 << 20).build();
    assertThatThrownBy(() -> StaleIfErrorFilter.builder().store(store).storeBytes(4096).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("storeBytes: 4096 (expected: not set together with store(")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> StaleIfErrorFilter.builder().storeBytes(4096).store(store).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("storeBytes: 4096");
    StaleIfErrorFilter.builder().store(store).build().destroy();
    StaleIfErrorFilter.builder().storeBytes(4096).build().destroy();
  }
}
