package io.hako.oci.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.oci.UnknownFields;
import java.io.IOException;
import java.lang.module.ModuleReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every component of every record of {@code io.hako.oci.config} has its wither ({@code withX} for component
 * {@code x}), and each changes its component and nothing else. The records are found in the package, not listed
 * here, so that a new record or component without its wither fails this test.
 */
class WithersTest {

    @Test
    void everyComponentHasItsWither() throws Exception {
        List<String> missing = new ArrayList<>();
        for (Class<?> record : configRecords()) {
            for (RecordComponent component : record.getRecordComponents()) {
                try {
                    Method wither = wither(record, component);
                    if (wither.getReturnType() != record) {
                        missing.add(record.getSimpleName() + "." + wither.getName() + " returns "
                                + wither.getReturnType().getSimpleName());
                    }
                } catch (NoSuchMethodException e) {
                    missing.add(record.getSimpleName() + "." + witherName(component) + "("
                            + component.getType().getSimpleName() + ")");
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void theRecordsAreFoundInThePackage() throws Exception {
        // Guards the test above against passing on an empty list.
        List<Class<?>> records = configRecords();
        assertTrue(records.containsAll(List.of(Spec.class, Process.class, Linux.class, Resources.class,
                WeightDevice.class)), records::toString);
    }

    static List<Class<?>> configRecords() throws IOException, URISyntaxException {
        List<Class<?>> records = new ArrayList<>();
        for (String name : classNames()) {
            if (!name.contains("$")) {
                try {
                    Class<?> type = Class.forName(Spec.class.getPackageName() + "." + name);
                    if (type.isRecord()) {
                        records.add(type);
                    }
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException("listed but not loadable: " + name, e);
                }
            }
        }
        return records;
    }

    /** The simple names of the package's classes, from the module (as Maven runs tests) or its folder (an IDE). */
    private static List<String> classNames() throws IOException, URISyntaxException {
        String folder = Spec.class.getPackageName().replace('.', '/') + "/";
        Module module = Spec.class.getModule();
        if (module.isNamed()) {
            var reference = module.getLayer().configuration().findModule(module.getName()).orElseThrow().reference();
            try (ModuleReader reader = reference.open(); Stream<String> names = reader.list()) {
                return names.filter(n -> n.startsWith(folder) && n.endsWith(".class"))
                        .map(n -> n.substring(folder.length(), n.length() - ".class".length()))
                        .filter(n -> !n.contains("/")).toList();
            }
        }
        Path classes = Path.of(Spec.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.list(classes.resolve(folder))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class"))
                    .map(n -> n.substring(0, n.length() - ".class".length())).toList();
        }
    }

    static Stream<Class<?>> records() throws Exception {
        return configRecords().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    void eachWitherChangesItsComponentOnly(Class<?> record) throws Exception {
        Object before = sample(record, 0);
        RecordComponent[] components = record.getRecordComponents();
        for (RecordComponent changed : components) {
            Object value = sample(changed.getGenericType(), 1);
            Object after = wither(record, changed).invoke(before, value);
            for (RecordComponent component : components) {
                Object expected = component == changed ? value : component.getAccessor().invoke(before);
                assertEquals(expected, component.getAccessor().invoke(after),
                        () -> witherName(changed) + " and " + component.getName());
            }
            assertNotEquals(before, after, witherName(changed));
        }
    }

    private static Method wither(Class<?> record, RecordComponent component) throws NoSuchMethodException {
        return record.getMethod(witherName(component), component.getType());
    }

    private static String witherName(RecordComponent component) {
        String name = component.getName();
        return "with" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /**
     * A value of {@code type}; variants 0 and 1 differ in every part, so a wither given variant 1 on a record of
     * variant 0 changes something whichever component it sets.
     */
    private static Object sample(Type type, int variant) throws ReflectiveOperationException {
        if (type instanceof ParameterizedType p) {
            Type[] arguments = p.getActualTypeArguments();
            if (p.getRawType() == List.class) {
                return List.of(sample(arguments[0], variant));
            }
            if (p.getRawType() == Map.class) {
                return Map.of("key" + variant, sample(arguments[1], variant));
            }
            throw new IllegalArgumentException("no sample of " + type);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return "value" + variant;
        }
        if (c == Long.class || c == long.class) {
            return 1L + variant;
        }
        if (c == Integer.class || c == int.class) {
            return 1 + variant;
        }
        if (c == Boolean.class || c == boolean.class) {
            return variant == 1;
        }
        if (c.isEnum()) {
            return c.getEnumConstants()[variant];
        }
        if (c == UnknownFields.class) {
            return new UnknownFields(Map.of("x-unmodelled-" + variant, "value"));
        }
        if (c.isRecord()) {
            RecordComponent[] components = c.getRecordComponents();
            Object[] values = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                values[i] = sample(components[i].getGenericType(), variant);
            }
            Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            try {
                return c.getDeclaredConstructor(types).newInstance(values);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("cannot make a sample " + c.getSimpleName(), e.getCause());
            }
        }
        throw new IllegalArgumentException("no sample of " + type);
    }
}
