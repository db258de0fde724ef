/**
 * An example of a runtime assembled from hako's parts with a part of its own: a cgroup driver that journals what
 * it is asked and leaves the work to the host's cgroupfs driver, found by {@code ServiceLoader} and chosen for its
 * priority.
 */
module io.hako.examples.runtime {
    requires io.hako.container;

    exports io.hako.examples.runtime;

    provides io.hako.cgroups.CgroupDriver with io.hako.examples.runtime.JournalingCgroupDriver;
}
