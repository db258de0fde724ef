package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;
import java.util.List;

/**
 * A program run at a lifecycle point, with the container's state on its standard input.
 *
 * @param path the absolute path of the program (required)
 * @param args its arguments, {@code argv[0]} included
 * @param env its environment
 * @param timeout seconds after which it is killed and counts as failed
 * @param unknown fields the model does not know, kept as they were read
 */
public record Hook(@Json(required = true) String path, List<String> args, List<String> env, Long timeout,
        UnknownFields unknown) {
    /** Refuses a null {@code path}; keeps unmodifiable copies of the lists; takes null unknown fields for none. */
    public Hook {
        Copies.required(path, "path");
        args = Copies.list(args);
        env = Copies.list(env);
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code path} replaced}
     *
     * @param path the new value (required)
     */
    public Hook withPath(String path) {
        return new Hook(path, args, env, timeout, unknown);
    }

    /**
     * {@return a copy with {@code args} replaced}
     *
     * @param args the new value, {@code null} for absent
     */
    public Hook withArgs(List<String> args) {
        return new Hook(path, args, env, timeout, unknown);
    }

    /**
     * {@return a copy with {@code env} replaced}
     *
     * @param env the new value, {@code null} for absent
     */
    public Hook withEnv(List<String> env) {
        return new Hook(path, args, env, timeout, unknown);
    }

    /**
     * {@return a copy with {@code timeout} replaced}
     *
     * @param timeout the new value, {@code null} for absent
     */
    public Hook withTimeout(Long timeout) {
        return new Hook(path, args, env, timeout, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public Hook withUnknown(UnknownFields unknown) {
        return new Hook(path, args, env, timeout, unknown);
    }
}
