package io.hako.checkpoint;

/**
 * A CRIU page server a dump sends the memory pages to ({@code criu page-server} on the machine a container moves
 * to), instead of writing them beside the other images: runc's {@code --page-server ADDRESS:PORT}.
 *
 * @param address its host name or address
 * @param port its TCP port
 */
public record PageServer(String address, int port) {
    /**
     * Checks the address and port.
     *
     * @param address the address, not empty
     * @param port 1 to 65535
     * @throws IllegalArgumentException for an empty address or a port out of range
     */
    public PageServer {
        if (address == null || address.isEmpty()) {
            throw new IllegalArgumentException("a page server needs an address");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("invalid page server port " + port);
        }
    }

    /**
     * Parses runc's form, {@code ADDRESS:PORT} ({@code [ADDRESS]:PORT} for an IPv6 address).
     *
     * @param text what the option gave
     * @return the page server
     * @throws IllegalArgumentException naming the option's form when it is not that
     */
    public static PageServer parse(String text) {
        int colon = text.lastIndexOf(':');
        String address = colon < 0 ? "" : text.substring(0, colon);
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        } else if (address.contains(":")) {
            address = ""; // an IPv6 address without brackets: its port cannot be told apart
        }
        String port = colon < 0 ? "" : text.substring(colon + 1);
        if (address.isEmpty() || port.isEmpty()) {
            throw new IllegalArgumentException("Use --page-server ADDRESS:PORT to specify page server");
        }
        try {
            return new PageServer(address, Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid port number \"" + port + "\"");
        }
    }
}
