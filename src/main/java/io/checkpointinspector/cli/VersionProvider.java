package io.checkpointinspector.cli;

import picocli.CommandLine.IVersionProvider;

final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = CommandLineApp.class.getPackage().getImplementationVersion();
        return new String[] {"checkpoint-inspector " + (v == null ? "(development build)" : v)};
    }
}
