package io.hako.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.cgroups.testing.ServiceDeclarations;
import java.lang.classfile.ClassFile;
import java.lang.classfile.attribute.ModuleAttribute;
import java.lang.constant.ClassDesc;
import java.lang.constant.ModuleDesc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check each driver module runs on its own classes ({@link ServiceDeclarations}): this module declares no
 * provider either way, and the check fails on compiled modules whose two declarations differ.
 */
class ServiceDeclarationsTest {
    private static final String SERVICE = "io.hako.cgroups.CgroupDriver";

    @TempDir
    Path classes;

    @Test
    void theApiProvidesNoDriverEitherWay() throws Exception {
        Path own = ServiceDeclarations.classesOf(Cgroups.class);
        assertEquals(List.of(), ServiceDeclarations.differences(own));
        assertTrue(Cgroups.class.getModule().getDescriptor().provides().isEmpty());
        assertTrue(Files.notExists(own.resolve("META-INF/services")));
    }

    /** A compiled module {@code m} whose module-info provides {@link #SERVICE} with {@code providers}. */
    private void module(String... providers) throws Exception {
        ClassDesc[] implementations = new ClassDesc[providers.length];
        for (int i = 0; i < providers.length; i++) {
            implementations[i] = ClassDesc.of(providers[i]);
            Path file = classes.resolve(providers[i].replace('.', '/') + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, ClassFile.of().build(implementations[i], type -> { }));
        }
        byte[] descriptor = ClassFile.of().buildModule(ModuleAttribute.of(ModuleDesc.of("m"), module -> {
            module.requires(ModuleDesc.of("java.base"), ClassFile.ACC_MANDATED, null);
            if (providers.length > 0) {
                module.provides(ClassDesc.of(SERVICE), implementations);
            }
        }));
        Files.write(classes.resolve("module-info.class"), descriptor);
    }

    private void servicesFile(String text) throws Exception {
        Files.createDirectories(classes.resolve("META-INF/services"));
        Files.writeString(classes.resolve("META-INF/services/" + SERVICE), text);
    }

    @Test
    void agreeingDeclarationsPassWhateverTheirOrderAndComments() throws Exception {
        module("p.A", "p.B");
        servicesFile("# the drivers\np.B\n\n  p.A  # the other\n");
        assertEquals(List.of(), ServiceDeclarations.differences(classes));
    }

    @Test
    void aProviderMissingFromTheServicesFileIsADifference() throws Exception {
        module("p.A", "p.B");
        servicesFile("p.A\n");
        assertEquals(List.of(SERVICE + ": module-info provides [p.A, p.B], META-INF/services/" + SERVICE
                + " lists [p.A]"), ServiceDeclarations.differences(classes));
    }

    @Test
    void aServicesFileWithoutProvidesIsADifference() throws Exception {
        module();
        servicesFile("p.A\n");
        assertEquals(List.of(SERVICE + ": module-info provides [], META-INF/services/" + SERVICE + " lists [p.A]"),
                ServiceDeclarations.differences(classes));
    }

    @Test
    void providesWithoutAServicesFileIsADifference() throws Exception {
        module("p.A");
        assertEquals(List.of(SERVICE + ": module-info provides [p.A], META-INF/services/" + SERVICE + " lists []"),
                ServiceDeclarations.differences(classes));
    }
}
