package dev.seawall.proxy.socks;

/** SOCKS5 reply codes (RFC 1928 §6). */
public final class Reply {
  private Reply() {}

  public static final int SUCCEEDED = 0x00;
  public static final int GENERAL_FAILURE = 0x01;
  public static final int NOT_ALLOWED = 0x02;
  public static final int NETWORK_UNREACHABLE = 0x03;
  public static final int HOST_UNREACHABLE = 0x04;
  public static final int CONNECTION_REFUSED = 0x05;
  public static final int TTL_EXPIRED = 0x06;
  public static final int COMMAND_NOT_SUPPORTED = 0x07;
  public static final int ADDRESS_TYPE_NOT_SUPPORTED = 0x08;
}
