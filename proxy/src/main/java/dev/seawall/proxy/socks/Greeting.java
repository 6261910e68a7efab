package dev.seawall.proxy.socks;

/** A SOCKS5 method-selection message: the authentication methods the client offers. */
public record Greeting(boolean offersNoAuth, boolean offersPassword) {}
