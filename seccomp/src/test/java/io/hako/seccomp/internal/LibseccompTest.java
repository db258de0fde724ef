package io.hako.seccomp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.seccomp.SeccompException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import org.junit.jupiter.api.Test;

/** The binding itself: struct layout, lookups, and the error when the library is not there. */
class LibseccompTest {
    @Test
    void scmpArgCmpHasTheCLayout() {
        // struct scmp_arg_cmp { unsigned int arg; enum scmp_compare op; scmp_datum_t datum_a, datum_b; }
        assertEquals(24, Libseccomp.ARG_CMP.byteSize());
        assertEquals(4, Libseccomp.ARG_CMP.byteOffset(MemoryLayout.PathElement.groupElement("op")));
        assertEquals(8, Libseccomp.ARG_CMP.byteOffset(MemoryLayout.PathElement.groupElement("datum_a")));
        assertEquals(16, Libseccomp.ARG_CMP.byteOffset(MemoryLayout.PathElement.groupElement("datum_b")));
    }

    @Test
    void aMissingLibraryNamesThePackageToInstall() {
        SeccompException e = assertThrows(SeccompException.class, () -> Libseccomp.open("libhako-no-seccomp.so.2"));
        assertEquals("cannot load libseccomp (libhako-no-seccomp.so.2); install the Debian package libseccomp2:"
                + " dlopen: no such file or directory (ENOENT)", e.getMessage());
        assertTrue(e.pointer().isEmpty());
    }

    @Test
    void aLibraryWithoutLibseccompsFunctionsSaysWhichIsMissing() {
        SeccompException e = assertThrows(SeccompException.class, () -> Libseccomp.open("libc.so.6"));
        assertEquals("dlsym", e.call().orElseThrow());
        assertTrue(e.getMessage().contains("libc.so.6: seccomp_init"), e.getMessage());
    }

    @Test
    void namesResolveAsTheManPagesSay() throws SeccompException {
        Libseccomp lib = Libseccomp.get();
        assertTrue(lib.version().matches("2\\.\\d+\\.\\d+"), lib.version());
        assertTrue(lib.apiLevel() >= 1);
        assertEquals(0xc000003e, lib.archToken(Architecture.X86_64), "AUDIT_ARCH_X86_64");
        assertEquals(0x40000003, lib.archToken(Architecture.X86), "AUDIT_ARCH_I386");
        assertEquals(0xc00000b7, lib.archToken(Architecture.AARCH64), "AUDIT_ARCH_AARCH64");
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(Libseccomp.NR_SCMP_ERROR, lib.syscallNumber("hako_no_such_syscall", arena));
            assertTrue(lib.syscallNumber("getpid", arena) >= 0);
            // Per architecture, for the ENOSYS stub: x32's numbers carry the x32 bit, as the kernel sees them.
            int x32 = lib.archToken(Architecture.X32);
            assertEquals(EnosysStub.SCMP_ARCH_X32, x32);
            assertEquals(EnosysStub.X32_SYSCALL_BIT | 39, lib.syscallNumber(x32, "getpid", arena));
            assertEquals(20, lib.syscallNumber(lib.archToken(Architecture.X86), "getpid", arena));
            assertEquals(172, lib.syscallNumber(lib.archToken(Architecture.AARCH64), "getpid", arena));
            assertEquals(Libseccomp.NR_SCMP_ERROR, lib.syscallNumber(x32, "hako_no_such_syscall", arena));
        }
    }
}
