package io.basalt.runtime.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.SortedMap;
import java.util.TreeMap;

import io.basalt.runtime.BasaltExample;

/**
 * The examples registered through {@link ServiceLoader}, by name. A broken registration is recorded
 * as a problem rather than failing, so the other examples stay usable. Immutable once loaded.
 */
final class ExampleCatalog {
    private final SortedMap<String, BasaltExample> byName;
    private final List<String> problems;

    private ExampleCatalog(SortedMap<String, BasaltExample> byName, List<String> problems) {
        this.byName = byName;
        this.problems = problems;
    }

    static ExampleCatalog load(ClassLoader loader) {
        SortedMap<String, BasaltExample> byName = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        List<ServiceLoader.Provider<BasaltExample>> providers;
        try {
            providers = ServiceLoader.load(BasaltExample.class, loader).stream().toList();
        } catch (ServiceConfigurationError e) {
            problems.add("cannot list the examples: " + e.getMessage());
            providers = List.of();
        }
        for (ServiceLoader.Provider<BasaltExample> provider : providers) {
            BasaltExample example;
            try {
                example = provider.get();
            } catch (ServiceConfigurationError e) {
                problems.add("skipping example " + provider.type().getName() + ": " + e.getMessage());
                continue;
            }
            BasaltExample previous = byName.putIfAbsent(example.name(), example);
            if (previous != null) {
                problems.add("two examples are named '" + example.name() + "' (" + previous.getClass().getName() + " and "
                        + example.getClass().getName() + "); using the first");
            }
        }
        return new ExampleCatalog(byName, List.copyOf(problems));
    }

    /** The example with this name, or null. */
    BasaltExample find(String name) {
        return byName.get(name);
    }

    Collection<BasaltExample> all() {
        return byName.values();
    }

    List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** Registrations that could not be used, as sentences for a warning. */
    List<String> problems() {
        return problems;
    }
}
