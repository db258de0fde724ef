package consumer.cgroups;

import io.hako.cgroups.CgroupDriver;
import io.hako.cgroups.CgroupLayout;
import io.hako.cgroups.Cgroups;

/** Lists the cgroup drivers it was built with, and whether each serves this host. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        CgroupLayout layout = Cgroups.layout();
        for (CgroupDriver driver : Cgroups.drivers()) {
            System.out.println(driver.name() + (driver.serves(layout) ? " serves" : " does not serve") + " this host");
        }
    }
}
