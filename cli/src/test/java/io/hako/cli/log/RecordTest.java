package io.hako.cli.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The records themselves: logrus's layouts, and time stamps as Go's {@code time.RFC3339Nano} writes them. */
class RecordTest {
    private static Log log(LogFormat format, Instant at) {
        return new Log(format, Optional.empty(), true,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), () -> at);
    }

    @Test
    void jsonKeysAreSortedAsLogrusWritesThem() {
        Instant at = Instant.parse("2026-03-01T07:08:09.120Z");
        assertEquals("{\"level\":\"error\",\"msg\":\"container does not exist\",\"time\":\"2026-03-01T07:08:09.12Z\"}\n",
                log(LogFormat.JSON, at).record("error", "container does not exist"));
    }

    @Test
    void textQuotesOnlyWhatLogrusQuotes() {
        Instant at = Instant.parse("2026-03-01T07:08:09Z");
        assertEquals("time=\"2026-03-01T07:08:09Z\" level=debug msg=plain-word_1.2/x@y^z+\n",
                log(LogFormat.TEXT, at).record("debug", "plain-word_1.2/x@y^z+"));
        assertEquals("time=\"2026-03-01T07:08:09Z\" level=error msg=\"two words \\\"quoted\\\"\"\n",
                log(LogFormat.TEXT, at).record("error", "two words \"quoted\""));
    }

    @Test
    void jsonEscapesControlCharacters() {
        assertEquals("\"a\\\"b\\\\c\\n\\t\\u0001\\u2028é\"", JsonText.quote("a\"b\\c\n\t\u0001\u2028é"));
    }

    @Property
    void timeStampsMatchJavaTimesOwnFormatting(@ForAll @LongRange(min = 0, max = 253_402_300_799L) long seconds,
            @ForAll @LongRange(min = 0, max = 999_999_999) long nanos) {
        Instant at = Instant.ofEpochSecond(seconds, nanos);
        String expected = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC).format(at)
                + (nanos == 0 ? "" : "." + String.format("%09d", nanos).replaceAll("0+$", "")) + "Z";
        assertEquals(expected, Log.Rfc3339.format(at));
    }
}
