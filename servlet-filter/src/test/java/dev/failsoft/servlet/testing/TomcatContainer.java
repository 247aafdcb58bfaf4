package dev.failsoft.servlet.testing;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.io.File;
import java.nio.file.Files;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** Embedded Tomcat 11 (Servlet 6.1) on an ephemeral loopback port. */
public final class TomcatContainer implements ServletContainer {
  public static final Factory FACTORY = TomcatContainer::new;

  private final Tomcat tomcat;
  private final File baseDir;

  private TomcatContainer(Filter filter, Map<String, String> initParams, HttpServlet app)
      throws Exception {
    baseDir = Files.createTempDirectory("failsoft-tomcat").toFile();
    tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.getAbsolutePath());
    tomcat.setHostname("127.0.0.1");
    tomcat.setPort(0);
    tomcat.getConnector().setProperty("address", "127.0.0.1");
    Context context = tomcat.addContext("", baseDir.getAbsolutePath());
    Wrapper wrapper = Tomcat.addServlet(context, "app", app);
    wrapper.setAsyncSupported(true);
    wrapper.addMapping("/");
    FilterDef def = new FilterDef();
    def.setFilterName("failsoft");
    def.setFilter(filter);
    def.setAsyncSupported("true");
    initParams.forEach(def::addInitParameter);
    context.addFilterDef(def);
    FilterMap map = new FilterMap();
    map.setFilterName("failsoft");
    map.addURLPattern("/*");
    context.addFilterMap(map);
    tomcat.start();
  }

  @Override
  public int port() {
    return tomcat.getConnector().getLocalPort();
  }

  @Override
  public void close() throws Exception {
    tomcat.stop();
    tomcat.destroy();
    deleteTree(baseDir);
  }

  private static void deleteTree(File file) {
    File[] children = file.listFiles();
    if (children != null) {
      for (File child : children) {
        deleteTree(child);
      }
    }
    file.delete();
  }
}
