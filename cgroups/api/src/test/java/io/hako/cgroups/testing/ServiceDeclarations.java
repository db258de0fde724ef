package io.hako.cgroups.testing;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A module's service providers are declared twice, and the two must agree: {@code provides} in its
 * {@code module-info.class}, which {@code ServiceLoader} reads on the module path, and the files under
 * {@code META-INF/services}, which it reads on the class path. A provider missing from one is a driver that
 * silently disappears in the other mode.
 */
public final class ServiceDeclarations {
    private static final String SERVICES = "META-INF/services";

    private ServiceDeclarations() {}

    /** The compiled classes of {@code type}'s module: the directory (in a Maven build, target/classes) it came from. */
    public static Path classesOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every disagreement between the compiled module in {@code classes} (a directory) and its services files, one
     * line each, for every service either names; empty when they agree. Order and repetition do not count.
     */
    public static List<String> differences(Path classes) throws IOException {
        Path descriptor = classes.resolve("module-info.class");
        if (!Files.isRegularFile(descriptor)) {
            return List.of("no module-info.class in " + classes);
        }
        Map<String, SortedSet<String>> provided = new TreeMap<>();
        try (InputStream in = Files.newInputStream(descriptor)) {
            for (ModuleDescriptor.Provides provides : ModuleDescriptor.read(in, () -> packages(classes)).provides()) {
                provided.computeIfAbsent(provides.service(), service -> new TreeSet<>()).addAll(provides.providers());
            }
        }
        Map<String, SortedSet<String>> listed = listed(classes.resolve(SERVICES));
        Set<String> services = new TreeSet<>(provided.keySet());
        services.addAll(listed.keySet());
        List<String> differences = new ArrayList<>();
        for (String service : services) {
            SortedSet<String> inModule = provided.getOrDefault(service, new TreeSet<>());
            SortedSet<String> inFile = listed.getOrDefault(service, new TreeSet<>());
            if (!inModule.equals(inFile)) {
                differences.add(service + ": module-info provides " + inModule + ", " + SERVICES + "/" + service
                        + " lists " + inFile);
            }
        }
        return differences;
    }

    /** Each services file's providers: a class name a line, {@code #} to the end of a line a comment. */
    private static Map<String, SortedSet<String>> listed(Path directory) throws IOException {
        Map<String, SortedSet<String>> listed = new TreeMap<>();
        if (!Files.isDirectory(directory)) {
            return listed;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                SortedSet<String> providers = new TreeSet<>();
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
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

    /** The packages with classes under {@code classes}, which javac does not record in module-info.class. */
    private static Set<String> packages(Path classes) {
        try (Stream<Path> files = Files.walk(classes)) {
            Set<String> packages = new TreeSet<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                Path parent = classes.relativize(file).getParent();
                if (parent != null && !parent.startsWith("META-INF")) {
                    packages.add(parent.toString().replace('/', '.'));
                }
            }
            return packages;
        } catch (IOException e) {
            throw new IllegalStateException("list the classes under " + classes, e);
        }
    }
}
