package dev.failsoft.examples.webapp;

import java.nio.file.Path;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The example's web.xml deployed on embedded Jetty 12 (ee10) as a web application. */
class JettyWebappTest extends WebappContract {

  @Override
  Deployed deploy(Path webapp, String upstream) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    WebAppContext context = new WebAppContext(webapp.toAbsolutePath().toString(), "/");
    // The classes come from the test classpath, not WEB-INF/classes.
    context.setParentLoaderPriority(true);
    context.setThrowUnavailableOnStartupException(true);
    context.setInitParameter(UpstreamPageServlet.UPSTREAM_PARAM, upstream);
    server.setHandler(context);
    server.start();
    return new Deployed() {
      @Override
      public int port() {
        return connector.getLocalPort();
      }

      @Override
      public void stop() throws Exception {
        server.stop();
      }
    };
  }
}
