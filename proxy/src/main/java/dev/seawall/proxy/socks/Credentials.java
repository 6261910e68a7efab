package dev.seawall.proxy.socks;

/** An RFC 1929 username/password request. */
public record Credentials(String user, byte[] password) {}
