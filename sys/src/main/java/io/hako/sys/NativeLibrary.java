package io.hako.sys;

import io.hako.sys.internal.Native;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.util.Arrays;
import java.util.Objects;

/**
 * A shared library opened with {@code dlopen}, for modules that bind one (seccomp binds libseccomp). Its
 * functions are called through hako's single downcall shape (see {@link Function}), so binding a library costs
 * no extra linking at start-up.
 */
public final class NativeLibrary {
    private final String name;
    private final SymbolLookup lookup;

    private NativeLibrary(String name, SymbolLookup lookup) {
        this.name = name;
        this.lookup = lookup;
    }

    /**
     * Opens {@code soname} for the life of the JVM.
     *
     * @throws SysException with errno ENOENT when the dynamic loader cannot find or load it
     */
    public static NativeLibrary open(String soname) throws SysException {
        Objects.requireNonNull(soname, "soname");
        try {
            return new NativeLibrary(soname, SymbolLookup.libraryLookup(soname, Arena.global()));
        } catch (IllegalArgumentException notFound) {
            throw new SysException("dlopen", Errno.ENOENT, soname);
        }
    }

    public String name() {
        return name;
    }

    /** The function {@code symbol}; throws ENOSYS naming it when this version of the library lacks it. */
    public Function function(String symbol) throws SysException {
        MemorySegment address = Native.find(lookup, symbol);
        if (address.equals(MemorySegment.NULL)) {
            throw new SysException("dlsym", Errno.ENOSYS, name + ": " + symbol);
        }
        return new Function(symbol, address);
    }

    /** Whether this version of the library has {@code symbol}. */
    public boolean has(String symbol) {
        return !Native.find(lookup, symbol).equals(MemorySegment.NULL);
    }

    /**
     * A C function whose arguments are all integers or pointers (at most seven) and whose result is an integer
     * or a pointer. Pass pointers as {@link MemorySegment#address()} and narrower integers as their value; cast
     * an {@code int} result to {@code int}, since the upper half of the register is undefined.
     */
    public static final class Function {
        private final String symbol;
        private final MemorySegment address;

        private Function(String symbol, MemorySegment address) {
            this.symbol = symbol;
            this.address = address;
        }

        public String symbol() {
            return symbol;
        }

        /** Calls the function and returns its raw result. */
        public long call(long... args) {
            if (args.length > 7) {
                throw new IllegalArgumentException(symbol + ": at most seven arguments, got " + args.length);
            }
            long[] a = Arrays.copyOf(args, 7);
            return Native.call(address, null, a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
        }
    }
}
