package io.hako.cgroups.systemd.internal.dbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class MessageTest {
    @Test
    void helloIsLaidOutAsTheSpecificationSays() {
        byte[] bytes = Message.call(1, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                "Hello", "", List.of()).encode();
        String hex = HexFormat.of().formatHex(bytes);
        // little-endian, method call, no flags, version 1, no body, serial 1, then the fields' array length
        assertEquals("6c010001" + "00000000" + "01000000", hex.substring(0, 24));
        assertEquals(0, bytes.length % 8, "no body: the header ends padded to 8");
        assertEquals(bytes.length, Message.length(Arrays.copyOf(bytes, 16)));
        Message back = Message.decode(bytes);
        assertEquals("Hello", back.member());
        assertEquals("/org/freedesktop/DBus", back.path());
        assertEquals("org.freedesktop.DBus", back.destination());
        assertEquals(List.of(), back.body());
    }

    @Property(tries = 200)
    void messagesSurviveARoundTrip(@ForAll long seed) {
        Random random = new Random(seed);
        String type = WireTest.randomType(random, 0);
        Object value = WireTest.randomValue(type, random, 0);
        Message message = new Message(Message.Type.values()[random.nextInt(4)], random.nextInt(4),
                random.nextInt(Integer.MAX_VALUE), "/a/b", random.nextBoolean() ? "i.f" : null, "M",
                random.nextBoolean() ? "e.E" : null, random.nextInt(100), ":1.2", null, "s" + type,
                List.of("x", value));
        byte[] bytes = message.encode();
        assertEquals(bytes.length, Message.length(Arrays.copyOf(bytes, 16)));
        Message back = Message.decode(bytes);
        assertEquals(WireTest.comparable(message.body()), WireTest.comparable(back.body()));
        assertEquals(new Message(message.type(), message.flags(), message.serial(), message.path(), message.iface(),
                message.member(), message.errorName(), message.replySerial(), message.destination(),
                message.sender(), message.signature(), List.of()), new Message(back.type(), back.flags(),
                back.serial(), back.path(), back.iface(), back.member(), back.errorName(), back.replySerial(),
                back.destination(), back.sender(), back.signature(), List.of()));
    }

    @Test
    void aBodyThatDoesNotMatchItsLengthIsRefused() {
        byte[] bytes = Message.call(2, "d", "/p", "i", "m", "s", List.of("abc")).encode();
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 8);
        assertThrows(IllegalArgumentException.class, () -> Message.decode(longer));
        byte[] shorter = Arrays.copyOf(bytes, bytes.length - 1);
        assertThrows(IllegalArgumentException.class, () -> Message.decode(shorter));
        byte[] badOrder = bytes.clone();
        badOrder[0] = 'x';
        assertThrows(IllegalArgumentException.class, () -> Message.decode(badOrder));
    }
}
