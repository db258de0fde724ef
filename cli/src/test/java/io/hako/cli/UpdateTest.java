package io.hako.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hako.cli.args.UsageException;
import io.hako.cli.request.ByteSize;
import io.hako.cli.request.CommandLine;
import io.hako.cli.request.ResourceFlags;
import io.hako.cli.request.UpdateRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code update}'s individual limits, read as runc reads them. */
class UpdateTest {
    private static ResourceFlags flags(String... args) throws UsageException {
        var all = new java.util.ArrayList<>(List.of("update"));
        all.addAll(List.of(args));
        all.add("x");
        var execute = assertInstanceOf(CommandLine.Execute.class, CommandLine.parse(all, Path.of("/")).action());
        return assertInstanceOf(UpdateRequest.class, execute.request()).flags();
    }

    @Test
    void everyLimit() throws UsageException {
        ResourceFlags f = flags("--blkio-weight", "500", "--cpuset-cpus", "0-3", "--cpuset-mems", "0",
                "--cpu-share", "1024", "--cpu-period", "100000", "--cpu-quota", "-1", "--cpu-burst", "5000",
                "--cpu-rt-period", "1000000", "--cpu-rt-runtime", "950000", "--cpu-idle", "1", "--memory", "512m",
                "--memory-reservation", "1.5g", "--memory-swap", "-1", "--pids-limit", "100", "--l3-cache-schema",
                "L3:0=ff", "--mem-bw-schema", "MB:0=70", "--kernel-memory", "1g");
        assertEquals(new ResourceFlags(OptionalInt.of(500), Optional.of("0-3"), Optional.of("0"),
                OptionalLong.of(1024), OptionalLong.of(100000), OptionalLong.of(-1), OptionalLong.of(5000),
                OptionalLong.of(1000000), OptionalLong.of(950000), OptionalLong.of(1), OptionalLong.of(512L << 20),
                OptionalLong.of(3L << 29), OptionalLong.of(-1), OptionalLong.of(100), Optional.of("L3:0=ff"),
                Optional.of("MB:0=70")), f);
    }

    @Test
    void nothingGivenIsNothingChanged() throws UsageException {
        ResourceFlags f = flags();
        assertEquals(OptionalInt.empty(), f.blkioWeight());
        assertEquals(OptionalLong.empty(), f.memory());
        assertEquals(OptionalLong.empty(), f.pidsLimit());
        // runc: pids-limit counts when given, even as 0; blkio-weight 0 means not given.
        assertEquals(OptionalLong.of(0), flags("--pids-limit", "0").pidsLimit());
        assertEquals(OptionalInt.empty(), flags("--blkio-weight", "0").blkioWeight());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            --cpu-period|abc|invalid value for cpu-period: "abc" is not an unsigned integer
            --cpu-share|-5|invalid value for cpu-share: "-5" is not an unsigned integer
            --cpu-quota|1.5|invalid value for cpu-quota: "1.5" is not an integer
            --memory|lots|invalid value for memory: invalid size: 'lots'
            """)
    void badValuesAreRuncsErrors(String flag, String value, String message) {
        assertEquals(message, assertThrows(UsageException.class, () -> flags(flag, value)).getMessage());
    }

    @ParameterizedTest
    @CsvSource({"1024,1024", "1k,1024", "1K,1024", "1kb,1024", "1KiB,1024", "512m,536870912", "512 MB,536870912",
            "1g,1073741824", "1.5g,1610612736", "2t,2199023255552", "1p,1125899906842624", "0,0", "10b,10"})
    void sizes(String text, long bytes) {
        assertEquals(bytes, ByteSize.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "m", "-1", "1x", "1.2.3g", "1 g b", "99999999p"})
    void notSizes(String text) {
        assertThrows(NumberFormatException.class, () -> ByteSize.parse(text));
    }
}
