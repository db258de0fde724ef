module consumer.seccomp {
    requires io.hako.seccomp;
}
