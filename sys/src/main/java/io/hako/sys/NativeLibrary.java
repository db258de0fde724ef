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
     * @param soname the library's file name as the dynamic loader looks it up ({@code libseccomp.so.2}), or a
     *     path
     * @return the library
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

    /** {@return the name the library was opened by} */
    public String name() {
        return name;
    }

    /**
     * Looks a function up.
     *
     * @param symbol the function's name in the library
     * @return the function, to call
     * @throws SysException with errno ENOSYS, naming the library and the symbol, when this version of the
     *     library lacks it
     */
    public Function function(String symbol) throws SysException {
        MemorySegment address = Native.find(lookup, symbol);
        if (address.equals(MemorySegment.NULL)) {
            throw new SysException("dlsym", Errno.ENOSYS, name + ": " + symbol);
        }
        return new Function(symbol, address);
    }

    /**
     * {@return whether this version of the library has {@code symbol}}
     *
     * @param symbol the function's (or variable's) name in the library
     */
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

        /** {@return the function's name in its library} */
        public String symbol() {
            return symbol;
        }

        /**
         * Calls the function. errno is not kept, so this suits functions that return their errors (libseccomp's
         * return them negated), not those that report them through errno.
         *
         * @param args up to seven integers or addresses, in the C function's order; missing ones are passed as 0
         * @return the raw result register: cast it to the C type's width
         * @throws IllegalArgumentException with more than seven arguments
         */
        public long call(long... args) {
            if (args.length > 7) {
                throw new IllegalArgumentException(symbol + ": at most seven arguments, got " + args.length);
            }
            long[] a = Arrays.copyOf(args, 7);
            return Native.call(address, null, a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
        }
    }
}
