/** seccomp: libseccomp through FFM, turning {@code linux.seccomp} into a BPF program. */
module io.hako.seccomp {
    requires io.hako.sys;
    requires transitive io.hako.oci;
}
