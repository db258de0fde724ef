package io.hako.cgroups.systemd.internal;

import io.hako.cgroups.systemd.internal.dbus.DBusConnection;
import io.hako.cgroups.systemd.internal.dbus.DBusException;
import io.hako.cgroups.systemd.internal.dbus.Message;
import io.hako.cgroups.systemd.internal.dbus.Variant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The few calls of systemd's {@code org.freedesktop.systemd1.Manager} the driver makes, over one bus connection:
 * start and stop a transient unit and wait for its job, set properties, reset a failed unit, the version.
 */
final class SystemdManager implements AutoCloseable {
    static final String DESTINATION = "org.freedesktop.systemd1";
    static final String PATH = "/org/freedesktop/systemd1";
    static final String MANAGER = "org.freedesktop.systemd1.Manager";
    static final String NO_SUCH_UNIT = "org.freedesktop.systemd1.NoSuchUnit";
    static final String UNIT_EXISTS = "org.freedesktop.systemd1.UnitExists";
    /** How long a call, and a unit's job, may take: runc's wait for a job. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final DBusConnection bus;
    private boolean subscribed;

    SystemdManager(DBusConnection bus) {
        this.bus = bus;
    }

    /** systemd's version number, 252 for "252.38-1~deb12u1"; 0 when it does not start with one. */
    int version() throws DBusException {
        Object value = bus.call(DESTINATION, PATH, "org.freedesktop.DBus.Properties", "Get", "ss",
                List.of(MANAGER, "Version"), TIMEOUT).getFirst();
        return versionNumber(String.valueOf(((Variant) value).value()));
    }

    static int versionNumber(String version) {
        int end = 0;
        while (end < version.length() && end < 9 && Character.isDigit(version.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(version.substring(0, end));
    }

    /** Starts a transient unit with {@code properties} and returns once its start job is done. */
    void startTransientUnit(String unit, List<UnitProperties.Property> properties) throws DBusException {
        subscribe();
        List<Object> wire = new ArrayList<>();
        properties.forEach(property -> wire.add(property.wire()));
        String job = (String) bus.call(DESTINATION, PATH, MANAGER, "StartTransientUnit", "ssa(sv)a(sa(sv))",
                List.of(unit, "replace", wire, List.of()), TIMEOUT).getFirst();
        awaitJob(unit, "start", job);
    }

    /** Stops the unit (its processes are killed) and returns once the stop job is done. */
    void stopUnit(String unit) throws DBusException {
        subscribe();
        String job = (String) bus.call(DESTINATION, PATH, MANAGER, "StopUnit", "ss", List.of(unit, "replace"),
                TIMEOUT).getFirst();
        awaitJob(unit, "stop", job);
    }

    /** Sets properties of a running unit, for its runtime (not written to a drop-in that outlives a reboot). */
    void setUnitProperties(String unit, List<UnitProperties.Property> properties) throws DBusException {
        List<Object> wire = new ArrayList<>();
        properties.forEach(property -> wire.add(property.wire()));
        bus.call(DESTINATION, PATH, MANAGER, "SetUnitProperties", "sba(sv)", List.of(unit, true, wire), TIMEOUT);
    }

    /** Forgets that the unit failed, so that it unloads (and its name can be used again). */
    void resetFailedUnit(String unit) throws DBusException {
        bus.call(DESTINATION, PATH, MANAGER, "ResetFailedUnit", "s", List.of(unit), TIMEOUT);
    }

    /**
     * systemd sends JobRemoved only once some client has subscribed; the match routes it to this connection. Both
     * before the job is queued, so that its end cannot pass unseen.
     */
    private void subscribe() throws DBusException {
        if (subscribed) {
            return;
        }
        bus.addMatch("type='signal',sender='" + DESTINATION + "',path='" + PATH + "',interface='" + MANAGER
                + "',member='JobRemoved'", TIMEOUT);
        bus.call(DESTINATION, PATH, MANAGER, "Subscribe", "", List.of(), TIMEOUT);
        subscribed = true;
    }

    /** Waits for JobRemoved(id, job, unit, result) of {@code job}; any result but "done" is an error. */
    private void awaitJob(String unit, String what, String job) throws DBusException {
        Message removed = bus.awaitSignal(signal -> "JobRemoved".equals(signal.member())
                && signal.body().size() == 4 && job.equals(signal.body().get(1)), TIMEOUT);
        String result = (String) removed.body().get(3);
        if (!result.equals("done")) {
            throw new DBusException(null, "systemd's " + what + " job for " + unit + " ended \"" + result
                    + "\", not \"done\" (journalctl -u " + unit + " may say why)");
        }
    }

    @Override
    public void close() {
        bus.close();
    }
}
