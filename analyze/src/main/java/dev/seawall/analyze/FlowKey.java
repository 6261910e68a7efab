package dev.seawall.analyze;

import dev.seawall.engine.packet.Addresses;

/**
 * A flow as labels name it: capture file (base name), transport, and the two endpoints in either
 * order. Addresses are compared as parsed values, so text forms cannot disagree.
 */
record FlowKey(String capture, String proto, String endpointA, String endpointB) {

  static FlowKey of(String capture, String proto, String ipA, int portA, String ipB, int portB) {
    String a = canonical(ipA) + "/" + portA;
    String b = canonical(ipB) + "/" + portB;
    String name = capture.substring(capture.lastIndexOf('/') + 1);
    return a.compareTo(b) <= 0 ? new FlowKey(name, proto, a, b) : new FlowKey(name, proto, b, a);
  }

  private static String canonical(String ip) {
    long[] v = Addresses.parse(ip);
    return Addresses.format(v[0], v[1]);
  }
}
