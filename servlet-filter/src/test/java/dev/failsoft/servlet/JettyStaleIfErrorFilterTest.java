package dev.failsoft.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.servlet.testing.JettyContainer;
import dev.failsoft.servlet.testing.ServletContainer;
import jakarta.servlet.Servlet;
import java.io.IOException;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** The filter contract in embedded Jetty 12 (ee10). */
class JettyStaleIfErrorFilterTest extends StaleIfErrorFilterContract {
  @Override
  protected ServletContainer.Factory factory() {
    return JettyContainer.FACTORY;
  }

  @Test
  void runsAgainstTheServlet60ApiTheFilterIsCompiledFor() throws IOException {
    assertThat(Servlet.class.getProtectionDomain().getCodeSource().getLocation().toString())
        .contains("jakarta.servlet-api-6.0.0");
    assertThat(
            Collections.list(
                Servlet.class.getClassLoader().getResources("jakarta/servlet/Filter.class")))
        .hasSize(1);
  }
}
