package dev.seawall.netctl.backend;

import apipb.Attribute;
import apipb.Gobgp;
import apipb.GobgpApiGrpc;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.seawall.netctl.BackendException;
import dev.seawall.netctl.Community;
import dev.seawall.netctl.Prefix;
import dev.seawall.netctl.RouteBackend;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Remote-triggered blackholing through a GoBGP daemon (gobgpd 3.x) over its gRPC API: each null-route
 * is a path in GoBGP's global RIB carrying BLACKHOLE (65535:666), NO_EXPORT and any extra communities
 * (e.g. an upstream's ASN:666), which gobgpd advertises to the edge routers that peer with it.
 *
 * <p>GoBGP keeps the RIB across BGP session flaps and re-advertises by itself; what it loses is its
 * whole RIB when gobgpd restarts. A {@code WatchEvent} stream tells when a peer reaches Established
 * and, by breaking, when gobgpd went away; both trigger a resync (a reconcile against ListPath).
 */
public final class GobgpBackend implements RouteBackend {
  private static final System.Logger LOG = System.getLogger(GobgpBackend.class.getName());
  private static final long CALL_SECONDS = 10;
  private static final Gobgp.Family V4 = Gobgp.Family.newBuilder()
      .setAfi(Gobgp.Family.Afi.AFI_IP).setSafi(Gobgp.Family.Safi.SAFI_UNICAST).build();
  private static final Gobgp.Family V6 = Gobgp.Family.newBuilder()
      .setAfi(Gobgp.Family.Afi.AFI_IP6).setSafi(Gobgp.Family.Safi.SAFI_UNICAST).build();

  private final String target;
  private final String nextHop4;
  private final String nextHop6;
  private final List<Community> communities;
  private final ManagedChannel channel;
  private final GobgpApiGrpc.GobgpApiBlockingStub stub;
  private final GobgpApiGrpc.GobgpApiStub async;
  private final List<Runnable> resyncListeners = new CopyOnWriteArrayList<>();
  private volatile boolean closed;
  private volatile Thread watcher;

  /**
   * @param target gobgpd's API: "127.0.0.1:50051" or "unix:///run/gobgpd.sock"
   * @param nextHop4 next hop of IPv4 routes; "0.0.0.0" lets gobgpd use its own address towards eBGP peers
   * @param nextHop6 next hop of IPv6 routes; "::" likewise
   * @param extra communities added to BLACKHOLE and NO_EXPORT (an upstream's ASN:666, ...)
   */
  public GobgpBackend(String target, String nextHop4, String nextHop6, List<Community> extra) {
    this.target = target;
    this.nextHop4 = nextHop4 == null ? "0.0.0.0" : nextHop4;
    this.nextHop6 = nextHop6 == null ? "::" : nextHop6;
    Set<Community> all = new LinkedHashSet<>(List.of(Community.BLACKHOLE, Community.NO_EXPORT));
    all.addAll(extra);
    this.communities = List.copyOf(all);
    this.channel = Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build();
    this.stub = GobgpApiGrpc.newBlockingStub(channel);
    this.async = GobgpApiGrpc.newStub(channel);
  }

  @Override
  public String name() {
    return "gobgp " + target;
  }

  public List<Community> communities() {
    return communities;
  }

  private GobgpApiGrpc.GobgpApiBlockingStub call() {
    return stub.withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS);
  }

  private BackendException failed(String what, StatusRuntimeException e) {
    return new BackendException("gobgpd at " + target + ": " + what + " failed: " + e.getStatus().getCode()
        + (e.getStatus().getDescription() == null ? "" : " (" + e.getStatus().getDescription() + ")"), e);
  }

  Gobgp.Path path(Prefix p) {
    Attribute.IPAddressPrefix nlri = Attribute.IPAddressPrefix.newBuilder()
        .setPrefix(p.address()).setPrefixLen(p.length()).build();
    List<Any> attrs = new ArrayList<>();
    attrs.add(Any.pack(Attribute.OriginAttribute.newBuilder().setOrigin(0).build())); // IGP
    if (p.isIpv4()) {
      attrs.add(Any.pack(Attribute.NextHopAttribute.newBuilder().setNextHop(nextHop4).build()));
    } else {
      attrs.add(Any.pack(Attribute.MpReachNLRIAttribute.newBuilder()
          .setFamily(V6).addNextHops(nextHop6).addNlris(Any.pack(nlri)).build()));
    }
    Attribute.CommunitiesAttribute.Builder c = Attribute.CommunitiesAttribute.newBuilder();
    communities.forEach(x -> c.addCommunities(x.asInt()));
    attrs.add(Any.pack(c.build()));
    return Gobgp.Path.newBuilder().setFamily(p.isIpv4() ? V4 : V6).setNlri(Any.pack(nlri)).addAllPattrs(attrs).build();
  }

  @Override
  public void announce(Prefix p) {
    try {
      call().addPath(Gobgp.AddPathRequest.newBuilder().setTableType(Gobgp.TableType.GLOBAL).setPath(path(p)).build());
    } catch (StatusRuntimeException e) {
      throw failed("AddPath " + p, e);
    }
  }

  @Override
  public void withdraw(Prefix p) {
    try {
      call().deletePath(Gobgp.DeletePathRequest.newBuilder().setTableType(Gobgp.TableType.GLOBAL)
          .setFamily(p.isIpv4() ? V4 : V6).setPath(path(p)).build());
    } catch (StatusRuntimeException e) {
      throw failed("DeletePath " + p, e);
    }
  }

  /** Paths in the global RIB that this API put there (no neighbor) and that carry BLACKHOLE. */
  @Override
  public Set<Prefix> announced() {
    Set<Prefix> out = new LinkedHashSet<>();
    for (Gobgp.Family f : List.of(V4, V6)) {
      try {
        Iterator<Gobgp.ListPathResponse> it = call().listPath(Gobgp.ListPathRequest.newBuilder()
            .setTableType(Gobgp.TableType.GLOBAL).setFamily(f).build());
        while (it.hasNext()) {
          Gobgp.Destination d = it.next().getDestination();
          for (Gobgp.Path path : d.getPathsList()) {
            if (isLocal(path) && hasBlackhole(path)) out.add(Prefix.parse(d.getPrefix()));
          }
        }
      } catch (StatusRuntimeException e) {
        throw failed("ListPath", e);
      }
    }
    return out;
  }

  private static boolean isLocal(Gobgp.Path path) {
    String n = path.getNeighborIp();
    return !path.getUuid().isEmpty() || n.isEmpty() || n.equals("<nil>");
  }

  private static boolean hasBlackhole(Gobgp.Path path) {
    for (Any a : path.getPattrsList()) {
      if (!a.is(Attribute.CommunitiesAttribute.class)) continue;
      try {
        if (a.unpack(Attribute.CommunitiesAttribute.class).getCommunitiesList().contains(Community.BLACKHOLE.asInt())) {
          return true;
        }
      } catch (InvalidProtocolBufferException e) {
        throw new BackendException("gobgpd sent a communities attribute that does not parse: " + e.getMessage());
      }
    }
    return false;
  }

  private List<Gobgp.Peer> peers() {
    List<Gobgp.Peer> out = new ArrayList<>();
    try {
      call().listPeer(Gobgp.ListPeerRequest.getDefaultInstance()).forEachRemaining(r -> out.add(r.getPeer()));
    } catch (StatusRuntimeException e) {
      throw failed("ListPeer", e);
    }
    return out;
  }

  /** The BGP peers' addresses: blackholing one would cut the session that carries the blackholes. */
  @Override
  public Map<Prefix, String> protectedAddresses() {
    Map<Prefix, String> out = new LinkedHashMap<>();
    for (Gobgp.Peer peer : peers()) {
      String addr = peer.getConf().getNeighborAddress();
      if (addr.isEmpty()) continue;
      try {
        out.put(Prefix.parse(addr), "BGP peer AS" + peer.getConf().getPeerAsn());
      } catch (IllegalArgumentException e) {
        // an interface-named (unnumbered) peer has no address to protect
      }
    }
    return out;
  }

  @Override
  public String health() {
    List<String> parts = new ArrayList<>();
    for (Gobgp.Peer peer : peers()) {
      parts.add("peer " + peer.getConf().getNeighborAddress() + " AS" + peer.getConf().getPeerAsn() + " "
          + peer.getState().getSessionState());
    }
    return parts.isEmpty() ? "no BGP peers configured" : String.join(", ", parts);
  }

  /** True when at least one peer is Established (used by tests and health checks). */
  public boolean anyPeerEstablished() {
    return peers().stream().anyMatch(p -> p.getState().getSessionState() == Gobgp.PeerState.SessionState.ESTABLISHED);
  }

  @Override
  public synchronized void onResync(Runnable listener) {
    resyncListeners.add(listener);
    if (watcher == null) watcher = Thread.ofPlatform().daemon().name("gobgp-watch").start(this::watchLoop);
  }

  private void fireResync(String why) {
    LOG.log(Level.INFO, "netctl: " + why + ": checking announced routes");
    resyncListeners.forEach(Runnable::run);
  }

  /**
   * Keeps a WatchEvent stream open. When it breaks, gobgpd is polled (GetBgp) with a back-off until it
   * answers again; then its RIB may be empty (a restart), so a resync follows.
   */
  private void watchLoop() {
    boolean lost = false;
    long backoffMs = 250;
    while (!closed) {
      try {
        if (lost) {
          try {
            call().getBgp(Gobgp.GetBgpRequest.getDefaultInstance());
          } catch (StatusRuntimeException e) {
            Thread.sleep(backoffMs);
            backoffMs = Math.min(backoffMs * 2, 5_000);
            continue;
          }
          lost = false;
          backoffMs = 250;
          fireResync("gobgpd at " + target + " answers again");
        }
        var done = new java.util.concurrent.CountDownLatch(1);
        async.watchEvent(Gobgp.WatchEventRequest.newBuilder()
            .setPeer(Gobgp.WatchEventRequest.Peer.getDefaultInstance()).build(), new StreamObserver<>() {
              @Override
              public void onNext(Gobgp.WatchEventResponse ev) {
                if (ev.hasPeer() && ev.getPeer().getType() == Gobgp.WatchEventResponse.PeerEvent.Type.STATE
                    && ev.getPeer().getPeer().getState().getSessionState() == Gobgp.PeerState.SessionState.ESTABLISHED) {
                  fireResync("BGP session with " + ev.getPeer().getPeer().getState().getNeighborAddress() + " established");
                }
              }

              @Override
              public void onError(Throwable t) {
                done.countDown();
              }

              @Override
              public void onCompleted() {
                done.countDown();
              }
            });
        done.await();
        lost = true;
        Thread.sleep(backoffMs);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // never let the watcher die: a resync listener's failure is the router's to report
        LOG.log(Level.WARNING, "netctl: gobgp watcher: " + e.getMessage());
        lost = true;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    channel.shutdownNow();
    Thread w = watcher;
    if (w != null) w.interrupt();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
