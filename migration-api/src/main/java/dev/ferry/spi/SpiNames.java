package dev.ferry.spi;

/** Default names of plug-ins, for reports. */
final class SpiNames {
    private SpiNames() {}

    static String of(Object plugin, String kind) {
        Class<?> c = plugin.getClass();
        if (c.isHidden() || c.isSynthetic()) {
            return "unnamed " + kind; // a lambda: its generated class name changes from run to run
        }
        String simple = c.getSimpleName();
        return simple.isEmpty() ? c.getName() : simple;
    }
}
