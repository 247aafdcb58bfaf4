package dev.failsoft.cli.internal;

import picocli.CommandLine.IVersionProvider;

/** Reports the version from the jar's manifest, or "development" when run from classes. */
final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Version.class.getPackage().getImplementationVersion();
    return new String[] {"failsoft " + (v == null ? "(development build)" : v)};
  }
}
