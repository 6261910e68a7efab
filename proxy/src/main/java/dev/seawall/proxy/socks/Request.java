package dev.seawall.proxy.socks;

/**
 * A parsed SOCKS request. {@code version} is 4 (SOCKS4/4a, where {@code user} is the USERID field)
 * or 5.
 */
public record Request(int version, Command command, Destination destination, String user) {}
