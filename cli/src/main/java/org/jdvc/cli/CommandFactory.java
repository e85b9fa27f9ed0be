package org.jdvc.cli;

import picocli.CommandLine;

/** Creates command objects for picocli and hands each leaf command the process {@link Context}. */
final class CommandFactory implements CommandLine.IFactory {
    private final Context context;

    CommandFactory(Context context) {
        this.context = context;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        K instance = CommandLine.defaultFactory().create(cls);
        if (instance instanceof BaseCommand command) {
            command.withContext(context);
        }
        return instance;
    }
}
