package dev.seawall.proxy;

/**
 * How a clean TCP direction is relayed once it carries bulk (128 KiB and more). Both move 1 MiB per
 * wake-up; they differ in who touches the bytes.
 */
public enum BulkRelay {
  /**
   * Read into a 1 MiB buffer and written from the same buffer (no copy in user space). The proxy
   * copies each byte out of and into the kernel, so it reaches its destination socket warm in
   * cache: with client and server on the proxy's machine, the fastest for a single stream in every
   * benchmark run, with the least CPU for the three together; about even with splice when several
   * streams saturate the cores (BENCHMARKS.md).
   */
  COPY,
  /**
   * Kernel splice through a 1 MiB pipe (epoll only; large pipes need CAP_SYS_RESOURCE or
   * CAP_SYS_ADMIN): the bytes never enter the proxy, which uses the least CPU of its own, but a
   * receiver on the same host copies them cold. Falls back to {@link #COPY} where splice is unavailable.
   */
  SPLICE
}
