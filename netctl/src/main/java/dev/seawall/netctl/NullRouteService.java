package dev.seawall.netctl;

import java.util.List;

/**
 * Null-routes addresses behind safety rails. This is what the notice desk's "null-route" action and
 * the {@code seawall nullroute} command call.
 *
 * <p>Every route has an expiry and is withdrawn when it passes; state survives restarts. Requests
 * that break a rail (outside own ranges, on the never-blackhole list, wider than allowed, over the
 * cap) are refused with a message naming the rail.
 */
public interface NullRouteService extends AutoCloseable {

  AddResult add(NullRouteRequest request);

  RemoveResult remove(RemoveRequest request);

  /** Active routes, ordered by prefix. */
  List<NullRoute> list();

  @Override
  void close();
}
