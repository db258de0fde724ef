package io.hako.cgroups.systemd.internal;

import io.hako.cgroups.Cgroup;
import io.hako.cgroups.CgroupEvents;
import io.hako.cgroups.CgroupException;
import io.hako.cgroups.CgroupHierarchy;
import io.hako.cgroups.CgroupLayout;
import io.hako.cgroups.CgroupStats;
import io.hako.cgroups.FreezerState;
import io.hako.cgroups.PressureTrigger;
import io.hako.cgroups.systemd.internal.dbus.DBusConnection;
import io.hako.cgroups.systemd.internal.dbus.DBusException;
import io.hako.cgroups.v2.internal.V2Cgroup;
import io.hako.oci.config.Resources;
import io.hako.sys.Sys;
import io.hako.sys.SysException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A container's cgroup as a systemd unit: a transient scope (or slice) made over D-Bus with {@code Delegate=yes},
 * whose cgroup directories the cgroupfs driver of the host's layout ({@code files}) then manages as its own:
 * the files systemd has no property for, freezing, stats, pids, removal of what systemd leaves.
 *
 * <p>A scope cannot start empty, so {@link #create} makes a scope when the first process is added; a slice is
 * made at once.
 */
final class SystemdCgroup implements Cgroup {
    private final UnitPath unit;
    private final CgroupLayout layout;
    private final Cgroup files;

    SystemdCgroup(UnitPath unit, CgroupLayout layout, Cgroup files) {
        this.unit = unit;
        this.layout = layout;
        this.files = files;
    }

    @Override
    public List<CgroupHierarchy> hierarchies() {
        return files.hierarchies();
    }

    @Override
    public String path() {
        return unit.toString();
    }

    @Override
    public String driver() {
        return SystemdDriver.NAME;
    }

    @Override
    public void create() throws CgroupException {
        if (unit.isSlice() && !files.exists()) {
            start(-1);
        }
    }

    @Override
    public boolean exists() {
        return files.exists();
    }

    /** The first process of a scope starts it; every other one is written to the cgroup as cgroupfs does. */
    @Override
    public void add(int pid) throws CgroupException {
        if (!unit.isSlice() && !files.exists()) {
            start(pid);
        }
        files.add(pid);
    }

    /** Starts the unit: with {@code pid} in it (a scope), or empty (a slice, {@code pid} -1). */
    private void start(int pid) throws CgroupException {
        List<UnitProperties.Property> properties = new java.util.ArrayList<>();
        properties.add(UnitProperties.Property.of("Description", "s", "hako container " + unit.name()));
        if (unit.isSlice()) {
            properties.add(UnitProperties.Property.of("Wants", "as", List.of(unit.slice())));
        } else {
            properties.add(UnitProperties.Property.of("Slice", "s", unit.slice()));
            // Delegate: the cgroup is hako's to manage below the unit, and systemd leaves its files alone.
            properties.add(UnitProperties.Property.of("Delegate", "b", true));
            properties.add(UnitProperties.Property.of("PIDs", "au", List.of(pid)));
        }
        properties.add(UnitProperties.Property.of("DefaultDependencies", "b", false));
        for (String accounting : List.of("MemoryAccounting", "CPUAccounting", "TasksAccounting",
                layout.isUnified() ? "IOAccounting" : "BlockIOAccounting")) {
            properties.add(UnitProperties.Property.of(accounting, "b", true));
        }
        try (SystemdManager systemd = connect()) {
            try {
                systemd.startTransientUnit(unit.unit(), properties);
            } catch (DBusException e) {
                if (!SystemdManager.UNIT_EXISTS.equals(e.name())) {
                    throw e;
                }
                // A unit of that name that failed before and was not reset: forget it, once, and start anew.
                systemd.resetFailedUnit(unit.unit());
                systemd.startTransientUnit(unit.unit(), properties);
            }
        } catch (DBusException e) {
            throw new CgroupException(path(), "start systemd unit " + unit.unit() + ": " + e.getMessage(), e);
        }
        // Controllers systemd does not manage, and (v1) the hierarchies it does not know, are hako's to set up.
        if (files instanceof V2Cgroup v2) {
            v2.enableControllersAbove();
        }
        files.create();
    }

    /**
     * Sets the properties systemd has for these resources on the unit, then writes every file as the cgroupfs
     * driver would (as runc does): systemd writes what its properties say, and the files carry what it has none
     * for. Checked before anything is set: a setting the layout cannot express fails here.
     */
    @Override
    public void apply(Resources resources) throws CgroupException {
        if (resources == null) {
            return;
        }
        List<UnitProperties.Property> properties;
        try (SystemdManager systemd = connect()) {
            String devices = procDevices();
            properties = UnitProperties.of(resources, layout.isUnified(), systemd.version(),
                    (type, major) -> DeviceNames.find(devices, type, major));
            if (!properties.isEmpty()) {
                systemd.setUnitProperties(unit.unit(), properties);
            }
        } catch (DBusException e) {
            throw new CgroupException(path(), "set properties of systemd unit " + unit.unit() + ": "
                    + e.getMessage(), e);
        }
        files.apply(resources);
    }

    @Override
    public void freeze() throws CgroupException {
        files.freeze();
    }

    @Override
    public void thaw() throws CgroupException {
        files.thaw();
    }

    @Override
    public FreezerState freezerState() throws CgroupException {
        return files.freezerState();
    }

    @Override
    public List<Integer> pids() throws CgroupException {
        return files.pids();
    }

    @Override
    public void signalAll(int signal) throws CgroupException {
        files.signalAll(signal);
    }

    @Override
    public CgroupStats stats() throws CgroupException {
        return files.stats();
    }

    /** The files' watch: systemd has no OOM signal of its own that says more than the kernel's. */
    @Override
    public CgroupEvents events(PressureTrigger memoryPressure) throws CgroupException {
        return files.events(memoryPressure);
    }

    /**
     * Stops the unit (systemd kills what is left in it and removes its cgroups), forgets it if it failed, then
     * removes what systemd does not know of (v1 hierarchies such as the freezer's). A unit already gone is fine:
     * an empty scope ends by itself.
     */
    @Override
    public void destroy() throws CgroupException {
        try (SystemdManager systemd = connect()) {
            try {
                systemd.stopUnit(unit.unit());
            } catch (DBusException e) {
                if (!SystemdManager.NO_SUCH_UNIT.equals(e.name())) {
                    throw e;
                }
            }
            try {
                systemd.resetFailedUnit(unit.unit());
            } catch (DBusException e) {
                if (!SystemdManager.NO_SUCH_UNIT.equals(e.name())) {
                    throw e;
                }
            }
        } catch (DBusException e) {
            throw new CgroupException(path(), "stop systemd unit " + unit.unit() + ": " + e.getMessage(), e);
        }
        files.destroy();
    }

    private SystemdManager connect() throws CgroupException {
        if (!SystemdDriver.systemdRunning()) {
            throw new CgroupException(path(), SystemdDriver.NOT_RUNNING);
        }
        try {
            return new SystemdManager(DBusConnection.system(Sys.geteuid(), SystemdManager.TIMEOUT));
        } catch (DBusException | SysException e) {
            throw new CgroupException(path(), "connect to systemd over the system bus: " + e.getMessage(), e);
        }
    }

    /** The kernel's device names ({@code /proc/devices}), for device rules on a whole major. */
    private String procDevices() throws CgroupException {
        // A stream: procfs files report size 0.
        try (InputStream in = Files.newInputStream(Path.of("/proc/devices"))) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new CgroupException(path(), "read /proc/devices: " + e.getMessage(), e);
        }
    }
}
