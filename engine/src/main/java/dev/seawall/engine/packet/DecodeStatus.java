package dev.seawall.engine.packet;

/**
 * Outcome of decoding one frame. Everything but {@link #OK} and {@link #FRAGMENT} means the
 * packet has no flow to belong to; the reason is counted, never thrown.
 */
public enum DecodeStatus {
  /** IP with a TCP or UDP header: a flow packet. */
  OK,
  /** A later IP fragment: addresses and fragment id are known, ports are not. */
  FRAGMENT,
  /** IP, but neither TCP nor UDP (ICMP, ESP, OSPF, ...). */
  OTHER_TRANSPORT,
  /** Not IP at all (ARP, LLDP, STP, ...). */
  NOT_IP,
  UNSUPPORTED_LINK_TYPE,
  TRUNCATED_LINK_HEADER,
  TRUNCATED_IP_HEADER,
  BAD_IP_HEADER,
  TRUNCATED_TRANSPORT_HEADER,
  BAD_TRANSPORT_HEADER,
  TUNNEL_TOO_DEEP;

  private static final DecodeStatus[] VALUES = values();

  public static DecodeStatus of(int ordinal) {
    return VALUES[ordinal];
  }

  /** Malformed: the frame claimed to be something it is not, or was cut short. */
  public boolean malformed() {
    return switch (this) {
      case TRUNCATED_LINK_HEADER, TRUNCATED_IP_HEADER, BAD_IP_HEADER,
          TRUNCATED_TRANSPORT_HEADER, BAD_TRANSPORT_HEADER, TUNNEL_TOO_DEEP -> true;
      default -> false;
    };
  }
}
