package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import java.util.List;

/**
 * The hooks of each lifecycle point, each list run in order.
 *
 * @param prestart after the container's namespaces exist, in the runtime's (deprecated)
 * @param createRuntime after the container's namespaces exist, in the runtime's
 * @param createContainer in the container's namespaces, before the root is pivoted
 * @param startContainer in the container, just before its process starts
 * @param poststart in the runtime's namespaces, once the process has started
 * @param poststop in the runtime's namespaces, once the container is deleted
 * @param unknown fields the model does not know, kept as they were read
 */
public record Hooks(
        List<Hook> prestart,
        List<Hook> createRuntime,
        List<Hook> createContainer,
        List<Hook> startContainer,
        List<Hook> poststart,
        List<Hook> poststop,
        UnknownFields unknown) {
    /** Keeps unmodifiable copies of the lists; takes null unknown fields for none. */
    public Hooks {
        prestart = Copies.list(prestart);
        createRuntime = Copies.list(createRuntime);
        createContainer = Copies.list(createContainer);
        startContainer = Copies.list(startContainer);
        poststart = Copies.list(poststart);
        poststop = Copies.list(poststop);
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code prestart} replaced}
     *
     * @param prestart the new value, {@code null} for absent
     */
    public Hooks withPrestart(List<Hook> prestart) {
        return new Hooks(prestart, createRuntime, createContainer, startContainer, poststart, poststop, unknown);
    }

    /**
     * {@return a copy with {@code createRuntime} replaced}
     *
     * @param createRuntime the new value, {@code null} for absent
     */
    public Hooks withCreateRuntime(List<Hook> createRuntime) {
        return new Hooks(prestart, createRuntime, createContainer, startContainer, poststart, poststop, unknown);
    }

    /**
     * {@return a copy with {@code createContainer} replaced}
     *
     * @param createContainer the new value, {@code null} for absent
     */
    public Hooks withCreateContainer(List<Hook> createContainer) {
        return new Hooks(prestart, createRuntime, createContainer, startContainer, poststart, poststop, unknown);
    }

    /**
     * {@return a copy with {@code startContainer} replaced}
     *
     * @param startContainer the new value, {@code null} for absent
     */
    public Hooks withStartContainer(List<Hook> startContainer) {
        return new Hooks(prestart, createRuntime, createContainer, startContainer, poststart, poststop, unknown);
    }

    /**
     * {@return a copy with {@code poststart} replaced}
     *
     * @param poststart the new value, {@code null} for absent
     */
    public Hooks withPoststart(List<Hook> poststart) {
        return new Hooks(prestart, createRuntime, createContainer, startContainer, poststart, poststop, unknown);
    }

    /**
     * {@return a copy with {@code poststop} replaced}
     *
     * @param poststop the new value, {@code null} for absent
     */
    public Hooks withPoststop(List<Hook> poststop) {
        return new Hooks(prestart, createRuntime, createContainer, startContainer, poststart, poststop, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public Hooks withUnknown(UnknownFields unknown) {
        return new Hooks(prestart, createRuntime, createContainer, startContainer, poststart, poststop, unknown);
    }
}
