package dev.seawall.proxy.socks;

/** What a SOCKS request asks for. */
public enum Command {
  CONNECT,
  BIND,
  UDP_ASSOCIATE
}
