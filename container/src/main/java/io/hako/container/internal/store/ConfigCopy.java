package io.hako.container.internal.store;

import io.hako.container.ContainerException;
import io.hako.oci.DocumentException;
import io.hako.oci.OciJson;
import io.hako.oci.config.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The configuration a container was made with, kept beside its state for exec. Apart from {@link StateStore}:
 * verifying a method that writes a {@link Spec} loads the spec model, which the commands that only read the
 * state (state, kill, delete) should not pay for.
 */
public final class ConfigCopy {
    private ConfigCopy() {}

    /** Keeps the configuration (written once, at create). */
    public static void save(StateStore store, String id, Spec spec) throws ContainerException, IOException {
        Path file = store.configFile(id);
        try {
            Files.write(file, OciJson.write(spec));
        } catch (IOException e) {
            throw StateStore.naming(file, e);
        }
    }

    /** The configuration the container was made with. */
    public static Spec load(StateStore store, String id) throws ContainerException, IOException {
        try {
            return OciJson.readSpec(store.configFile(id));
        } catch (DocumentException e) {
            throw new IOException("container " + id + "'s configuration: " + e.getMessage(), e);
        }
    }
}
