/** An example that uses hako's seccomp library alone: compile a Docker-format profile to BPF with libseccomp. */
module io.hako.examples.seccomp {
    requires io.hako.seccomp;

    exports io.hako.examples.seccomp;
    // The profile's records are bound by oci-spec's JSON binder, which reflects on them.
    opens io.hako.examples.seccomp to io.hako.oci;
}
