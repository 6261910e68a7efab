package dev.seawall.firewall.netlink;

/**
 * Wire constants of netlink and nfnetlink_queue ({@code linux/netlink.h}, {@code
 * linux/netfilter/nfnetlink_queue.h}). Netlink headers are in host byte order; nfnetlink_queue
 * attribute payloads are big-endian.
 */
public final class Nfq {
  private Nfq() {}

  public static final int NLMSG_HDRLEN = 16;
  public static final int NFGEN_HDRLEN = 4;
  public static final int NLA_HDRLEN = 4;
  public static final int NLA_TYPE_MASK = 0x3fff;

  public static final int NLM_F_REQUEST = 0x1;
  public static final int NLM_F_ACK = 0x4;

  public static final int NLMSG_NOOP = 1;
  public static final int NLMSG_ERROR = 2;
  public static final int NLMSG_DONE = 3;
  public static final int NLMSG_OVERRUN = 4;

  private static final int SUBSYS_QUEUE = 3 << 8;
  public static final int MSG_PACKET = SUBSYS_QUEUE;
  public static final int MSG_VERDICT = SUBSYS_QUEUE | 1;
  public static final int MSG_CONFIG = SUBSYS_QUEUE | 2;
  public static final int MSG_VERDICT_BATCH = SUBSYS_QUEUE | 3;

  // Packet and verdict attributes.
  public static final int NFQA_PACKET_HDR = 1;
  public static final int NFQA_VERDICT_HDR = 2;
  public static final int NFQA_MARK = 3;
  public static final int NFQA_PAYLOAD = 10;
  public static final int NFQA_CAP_LEN = 13;
  public static final int NFQA_SKB_INFO = 14;

  // Config attributes and commands.
  public static final int NFQA_CFG_CMD = 1;
  public static final int NFQA_CFG_PARAMS = 2;
  public static final int NFQA_CFG_QUEUE_MAXLEN = 3;
  public static final int NFQA_CFG_MASK = 4;
  public static final int NFQA_CFG_FLAGS = 5;
  public static final int CMD_BIND = 1;
  public static final int CMD_UNBIND = 2;
  public static final int COPY_PACKET = 2;

  /** Accept the packet when the queue is full instead of dropping it. */
  public static final int CFG_F_FAIL_OPEN = 1;
  /** Hand over GSO super-packets unsegmented (their L4 checksums may be partial). */
  public static final int CFG_F_GSO = 4;

  public static final int NF_DROP = 0;
  public static final int NF_ACCEPT = 1;
  /** Re-run the hook with the verdict's mark set: how the rules learn a flow's verdict. */
  public static final int NF_REPEAT = 4;

  /** Rounds a netlink length up to the 4-byte alignment of messages and attributes. */
  public static int align(int len) {
    return (len + 3) & ~3;
  }
}
