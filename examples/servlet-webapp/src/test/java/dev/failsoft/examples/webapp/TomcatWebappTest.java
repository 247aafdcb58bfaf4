package dev.failsoft.examples.webapp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

/** The example's web.xml deployed on embedded Tomcat 11 as a web application. */
class TomcatWebappTest extends WebappContract {

  @Override
  Deployed deploy(Path webapp, String upstream) throws Exception {
    Path baseDir = Files.createTempDirectory("failsoft-example-tomcat");
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    tomcat.setHostname("127.0.0.1");
    tomcat.setPort(0);
    tomcat.getConnector().setProperty("address", "127.0.0.1");
    // Tomcat's default web.xml would add a JSP servlet, and this application has no JSP engine.
    tomcat.setAddDefaultWebXmlToWebapp(false);
    Context context = tomcat.addWebapp("", webapp.toAbsolutePath().toString());
    // Nothing to discover in the test classpath's jars; scanning them only slows the start.
    ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
    context.addParameter(UpstreamPageServlet.UPSTREAM_PARAM, upstream);
    tomcat.start();
    return new Deployed() {
      @Override
      public int port() {
        return tomcat.getConnector().getLocalPort();
      }

      @Override
      public void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
        try (Stream<Path> files = Files.walk(baseDir)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    };
  }
}
