module consumer.cgroups {
    requires io.hako.cgroups;
}
