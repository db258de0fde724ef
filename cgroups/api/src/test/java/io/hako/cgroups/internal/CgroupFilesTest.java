package io.hako.cgroups.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The parsing of cgroup files' text, the same for v1 and v2. */
class CgroupFilesTest {
    @Test
    void keyedFilesKeepTheirCountersAndSkipTheRest() {
        assertEquals(Map.of("low", 0L, "high", 2L, "max", 5L, "oom", 1L, "oom_kill", 1L),
                CgroupFiles.keyed("low 0\nhigh 2\nmax 5\noom 1\noom_kill 1\n"));
        assertEquals(Map.of("populated", 1L, "frozen", 0L), CgroupFiles.keyed("populated 1\nfrozen 0\nnot a line\n"));
    }

    @Test
    void maxAndNothingAreMinusOne() {
        assertEquals(-1, CgroupFiles.number("max\n"));
        assertEquals(-1, CgroupFiles.number(null));
        assertEquals(-1, CgroupFiles.number(""));
        assertEquals(4096, CgroupFiles.number("4096\n"));
    }

    @Property
    void anyCounterReadsBack(@ForAll @LongRange(min = 0) long value) {
        assertEquals(value, CgroupFiles.number(value + "\n"));
        assertEquals(Map.of("k", value), CgroupFiles.keyed("k " + value + "\n"));
    }
}
