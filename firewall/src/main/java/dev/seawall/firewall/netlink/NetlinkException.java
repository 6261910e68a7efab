package dev.seawall.firewall.netlink;

/** A netlink call failed; the message says what was attempted and the errno why. */
public final class NetlinkException extends Exception {
  private final int errno;

  public NetlinkException(String what, int errno) {
    super(errno == 0 ? what : what + ": " + Libc.errnoName(errno));
    this.errno = errno;
  }

  public int errno() {
    return errno;
  }
}
