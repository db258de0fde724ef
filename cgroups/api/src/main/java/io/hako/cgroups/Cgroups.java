package io.hako.cgroups;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds the cgroup driver for this host among the {@link CgroupDriver} providers present: the systemd driver when
 * asked for, else cgroupfs v2 on a unified host and cgroupfs v1 on a legacy or hybrid one (each a module of its
 * own: a driver that is not on the module or class path is not found); or a driver by name (forced, or the one a
 * container was made with).
 */
public final class Cgroups {
    private Cgroups() {}

    /**
     * {@return this host's cgroup mounts, as this process sees them (its mount namespace)}
     *
     * @throws CgroupException when {@code /proc/self/mountinfo} cannot be read
     */
    public static CgroupLayout layout() throws CgroupException {
        // A stream: procfs files report size 0.
        try (InputStream in = Files.newInputStream(Path.of("/proc/self/mountinfo"))) {
            return CgroupLayout.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CgroupException(null, "read /proc/self/mountinfo: " + e.getMessage(), e);
        }
    }

    /**
     * Every driver this build has (every provider {@link java.util.ServiceLoader} finds), highest
     * {@link CgroupDriver#priority()} first, then by name: never in the order the module or class path gives.
     *
     * @return new instances of every provider found; empty when there is none
     */
    public static List<CgroupDriver> drivers() {
        List<CgroupDriver> drivers = new ArrayList<>();
        ServiceLoader.load(CgroupDriver.class).forEach(drivers::add);
        return ordered(drivers);
    }

    /** {@code drivers} in {@link #drivers()}'s order. */
    static List<CgroupDriver> ordered(List<CgroupDriver> drivers) {
        List<CgroupDriver> ordered = new ArrayList<>(drivers);
        ordered.sort(Comparator.comparingInt(CgroupDriver::priority).reversed().thenComparing(CgroupDriver::name));
        return ordered;
    }

    /**
     * The driver for {@code layout}: with {@code systemd}, a systemd driver (an error if none can serve this
     * host: no silent fall-back); otherwise a cgroupfs one. Of those that serve the layout, the first in
     * {@link #drivers()}'s order: the highest priority.
     *
     * @param layout the host's cgroup mounts, from {@link #layout()}
     * @param systemd whether a systemd driver is asked for ({@code --systemd-cgroup})
     * @return the driver
     * @throws CgroupException when no driver of that kind serves the layout, naming the layout and the drivers
     *     there are
     */
    public static CgroupDriver select(CgroupLayout layout, boolean systemd) throws CgroupException {
        return select(drivers(), layout, systemd);
    }

    /** {@link #select(CgroupLayout, boolean)} among {@code drivers}, taken in their order. */
    static CgroupDriver select(List<CgroupDriver> drivers, CgroupLayout layout, boolean systemd)
            throws CgroupException {
        List<String> names = new ArrayList<>();
        for (CgroupDriver driver : drivers) {
            names.add(driver.name());
            if (driver.isSystemd() == systemd && driver.serves(layout)) {
                return driver;
            }
        }
        throw new CgroupException(null, (systemd ? "no systemd cgroup driver (--systemd-cgroup)" : "no cgroup driver")
                + " serves this host's cgroup layout (v1 controllers: " + layout.v1().keySet() + ", cgroup2: "
                + (layout.unified() == null ? "not mounted" : layout.unified()) + "; drivers: " + names + ")");
    }

    /**
     * Finds a driver by name, whether or not it serves this host: the one a container was made with, or one forced.
     *
     * @param name the driver's {@link CgroupDriver#name()}
     * @return the driver
     * @throws CgroupException when this build has no driver of that name, naming those it has
     */
    public static CgroupDriver driver(String name) throws CgroupException {
        List<CgroupDriver> drivers = drivers();
        for (CgroupDriver driver : drivers) {
            if (driver.name().equals(name)) {
                return driver;
            }
        }
        throw new CgroupException(null, "no cgroup driver named \"" + name + "\" in this build: "
                + (drivers.isEmpty() ? "it has none" : "it has " + String.join(", ",
                        drivers.stream().map(CgroupDriver::name).toList())));
    }
}
