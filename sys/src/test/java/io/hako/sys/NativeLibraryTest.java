package io.hako.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;

class NativeLibraryTest {
    @Test
    void callsFunctionsOfAnOpenedLibraryThroughTheSharedShape() throws SysException {
        NativeLibrary libc = NativeLibrary.open("libc.so.6");
        assertEquals(ProcessHandle.current().pid(), libc.function("getpid").call());
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(5, libc.function("strlen").call(arena.allocateFrom("hello").address()));
            // An int argument and an int result: abs(-7) through the long-wide shape.
            assertEquals(7, (int) libc.function("abs").call(-7));
        }
        assertTrue(libc.has("posix_spawn"));
        assertFalse(libc.has("no_such_function_in_libc"));
    }

    @Test
    void aMissingLibraryOrSymbolIsNamedInTheError() throws SysException {
        SysException noLibrary = assertThrows(SysException.class, () -> NativeLibrary.open("libnot-there.so.9"));
        assertEquals(Errno.ENOENT, noLibrary.errno());
        assertTrue(noLibrary.getMessage().contains("libnot-there.so.9"), noLibrary.getMessage());
        SysException noSymbol = assertThrows(SysException.class,
                () -> NativeLibrary.open("libc.so.6").function("no_such_function_in_libc"));
        assertEquals(Errno.ENOSYS, noSymbol.errno());
        assertTrue(noSymbol.getMessage().contains("no_such_function_in_libc"), noSymbol.getMessage());
    }

    @Test
    void moreThanSevenArgumentsAreRefused() throws SysException {
        var getpid = NativeLibrary.open("libc.so.6").function("getpid");
        assertThrows(IllegalArgumentException.class, () -> getpid.call(1, 2, 3, 4, 5, 6, 7, 8));
    }
}
