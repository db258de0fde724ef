package io.hako.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module's {@code META-INF/services} files list exactly what its {@code module-info} {@code provides}: a program
 * with the jar on the class path finds the same providers as one with it on the module path. Read from the
 * compiled module under test ({@code target/classes}), so a provider added to one and not the other fails here.
 * Order is not compared: the finders sort providers by priority and name whatever the loader's order.
 *
 * <p>One source for every module that provides or uses a service in {@code security/} and {@code seccomp/}: their
 * poms add {@code security/src/test/shared} to the test sources.
 */
class ServiceFilesTest {
    @Test
    void theServiceFilesListWhatModuleInfoProvides() throws IOException {
        Path classes = Path.of(System.getProperty("basedir", "."), "target", "classes");
        ModuleDescriptor descriptor;
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            descriptor = ModuleDescriptor.read(in);
        }
        assertEquals(declared(descriptor), listed(classes),
                descriptor.name() + ": META-INF/services against module-info's provides");
    }

    @Test
    void aProviderInOneAndNotTheOtherIsADifference(@TempDir Path classes) throws IOException {
        ModuleDescriptor descriptor = ModuleDescriptor.newModule("m")
                .provides("a.Service", List.of("a.internal.One", "a.internal.Two")).build();
        Path services = Files.createDirectories(classes.resolve("META-INF/services"));
        Files.writeString(services.resolve("a.Service"), "# ServiceLoader's syntax\na.internal.One\n");
        assertNotEquals(declared(descriptor), listed(classes));
        Files.writeString(services.resolve("a.Service"), "a.internal.Two # a comment\n\n  a.internal.One\n");
        assertEquals(declared(descriptor), listed(classes));
        Files.writeString(services.resolve("b.Other"), "a.internal.One\n");
        assertNotEquals(declared(descriptor), listed(classes));
    }

    /** Service to providers, as {@code provides} declares them. */
    static Map<String, Set<String>> declared(ModuleDescriptor descriptor) {
        Map<String, Set<String>> provided = new TreeMap<>();
        for (ModuleDescriptor.Provides provides : descriptor.provides()) {
            provided.put(provides.service(), new TreeSet<>(provides.providers()));
        }
        return provided;
    }

    /** Service to providers, as the files under {@code META-INF/services} list them, read as ServiceLoader does. */
    static Map<String, Set<String>> listed(Path classes) throws IOException {
        Map<String, Set<String>> listed = new TreeMap<>();
        Path services = classes.resolve("META-INF/services");
        if (!Files.isDirectory(services)) {
            return listed;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(services)) {
            for (Path file : files) {
                Set<String> providers = new TreeSet<>();
                for (String line : Files.readAllLines(file)) {
                    int comment = line.indexOf('#');
                    String name = (comment < 0 ? line : line.substring(0, comment)).strip();
                    if (!name.isEmpty()) {
                        providers.add(name);
                    }
                }
                listed.put(file.getFileName().toString(), providers);
            }
        }
        return listed;
    }
}
