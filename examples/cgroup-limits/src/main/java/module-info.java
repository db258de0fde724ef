/** An example that uses hako's cgroup API alone, with the cgroupfs drivers found at run time. */
module io.hako.examples.cgroups {
    requires io.hako.cgroups;

    exports io.hako.examples.cgroups;
}
