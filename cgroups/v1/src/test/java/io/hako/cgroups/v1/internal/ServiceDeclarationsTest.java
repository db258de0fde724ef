package io.hako.cgroups.v1.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hako.cgroups.CgroupDriver;
import io.hako.cgroups.testing.ServiceDeclarations;
import java.lang.module.ModuleDescriptor.Provides;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The driver is declared alike for the module path (module-info) and the class path (META-INF/services). */
class ServiceDeclarationsTest {
    @Test
    void moduleInfoAndTheServicesFileProvideTheDriver() throws Exception {
        assertEquals(List.of(), ServiceDeclarations.differences(ServiceDeclarations.classesOf(V1Driver.class)));
        List<String> provided = V1Driver.class.getModule().getDescriptor().provides().stream()
                .map(Provides::toString).toList();
        assertEquals(List.of(CgroupDriver.class.getName() + " with [" + V1Driver.class.getName() + "]"), provided);
    }
}
