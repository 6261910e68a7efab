package dev.seawall.firewall.verdict;

/**
 * The two packet-mark bits Seawall owns, and what their values mean. The same values are kept in
 * the connection's connmark once a flow is judged, so the kernel applies the verdict to the
 * flow's later packets without asking userspace. Other bits of the mark belong to the operator
 * (policy routing, VPN software) and are carried through untouched.
 *
 * <p>Within the mask: low bit = clean (offload), high bit = block, both = "seen, still
 * undecided" (this packet only; never saved to the connmark), none = not yet seen.
 */
public record Marks(int mask) {
  public static final Marks DEFAULT = new Marks(0xc0000000);

  public Marks {
    int low = Integer.lowestOneBit(mask);
    if (mask == 0 || mask != (low | (low << 1)) || low == Integer.MIN_VALUE) {
      throw new IllegalArgumentException(
          "mark mask must be two adjacent bits (e.g. 0xc0000000), got 0x" + Integer.toHexString(mask));
    }
  }

  public int clean() {
    return Integer.lowestOneBit(mask);
  }

  public int block() {
    return Integer.lowestOneBit(mask) << 1;
  }

  public int pass() {
    return mask;
  }

  /** The mark a packet leaves with: its own bits outside the mask, ours inside. */
  public int apply(int packetMark, int ours) {
    return (packetMark & ~mask) | (ours & mask);
  }

  public static String hex(int v) {
    return "0x" + Integer.toHexString(v);
  }
}
