package dev.failsoft.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.servlet.testing.ServletContainer;
import dev.failsoft.servlet.testing.TomcatContainer;
import jakarta.servlet.Servlet;
import java.io.IOException;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** The filter contract in embedded Tomcat 11. */
class TomcatStaleIfErrorFilterTest extends StaleIfErrorFilterContract {
  @Override
  protected ServletContainer.Factory factory() {
    return TomcatContainer.FACTORY;
  }

  @Test
  void runsAgainstTomcatsOwnServletApiWithNoSecondCopy() throws IOException {
    assertThat(Servlet.class.getProtectionDomain().getCodeSource().getLocation().toString())
        .contains("tomcat-embed-core");
    assertThat(
            Collections.list(
                Servlet.class.getClassLoader().getResources("jakarta/servlet/Filter.class")))
        .hasSize(1);
  }
}
