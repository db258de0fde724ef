/**
 * The one place where hako talks to libc and the kernel, through FFM ({@code java.lang.foreign}).
 */
module io.hako.sys {
}
