package io.hako.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hako.cli.args.UsageException;
import io.hako.cli.request.CommandLine;
import io.hako.cli.request.KillRequest;
import io.hako.cli.request.Signal;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The signal argument of {@code kill}: numbers (containerd, podman), names (CRI-O), real-time signals. */
class KillSignalTest {

    @ParameterizedTest
    @CsvSource({"9,9", "15,15", "0,0", "+9,9", "09,9", "64,64", "KILL,9", "SIGKILL,9", "kill,9", "sigkill,9",
            "SigTerm,15", "HUP,1", "SIGSYS,31", "STKFLT,16", "WINCH,28", "RTMIN,34", "SIGRTMIN,34",
            "SIGRTMIN+3,37", "rtmin+3,37", "RTMAX,64", "SIGRTMAX-1,63", "RTMIN+30,64", "RTMAX-30,34"})
    void parses(String raw, int number) throws UsageException {
        assertEquals(number, Signal.parse(raw).number());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "FOO", "SIG", "-9", "65", "99999999999999999999", "9x", "0x9", "RTMIN+31",
            "RTMAX-31", "RTMIN-1", "RTMAX+1", "RTMIN+", "SIGRTMIN+003", "IOT", " 9"})
    void refusesWithRuncsWords(String raw) {
        var e = assertThrows(UsageException.class, () -> Signal.parse(raw));
        assertEquals("unknown signal \"" + raw + "\"", e.getMessage());
    }

    @Property
    void everyStandardSignalReadsBackFromItsNameInAnyForm(@ForAll @IntRange(min = 1, max = 31) int number)
            throws UsageException {
        String name = new Signal(number).name();
        assertEquals(number, Signal.parse(name).number());
        assertEquals(number, Signal.parse(name.substring(3)).number());
        assertEquals(number, Signal.parse(name.toLowerCase(Locale.ROOT)).number());
        assertEquals(number, Signal.parse(Integer.toString(number)).number());
    }

    @Property
    void everyRealtimeSignalReadsBackFromItsName(@ForAll @IntRange(min = 34, max = 64) int number)
            throws UsageException {
        assertEquals(number, Signal.parse(new Signal(number).name()).number());
    }

    @Test
    void theDefaultIsSigterm() throws UsageException {
        var call = CommandLine.parse(List.of("kill", "x"), Path.of("/"));
        var kill = (KillRequest) ((CommandLine.Execute) call.action()).request();
        assertEquals(Signal.SIGTERM, kill.signal());
    }

    @Test
    void anUnknownSignalIsOneErrorLine() {
        Hako.Result result = Hako.run(Path.of("/"), "kill", "x", "FOO");
        assertEquals(1, result.status());
        assertEquals("unknown signal \"FOO\"", result.errLines().getFirst());
    }
}
