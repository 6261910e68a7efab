/*
 * socksbench: the same load client and HTTP sink for every SOCKS5 proxy in the benchmark.
 *   socksbench serve PORT                       HTTP/1.0 sink on 127.0.0.1:PORT: /big = 1 GiB of zeros
 *                                               in 1 MiB writes, anything else 100 bytes; then close.
 *                                               A fixed pool of threads blocks in accept(): no
 *                                               thread is created per connection, so the sink
 *                                               takes as little as it can of the CPU the proxy
 *                                               under test needs.
 *   socksbench relay PORT                       the least a SOCKS5 CONNECT proxy can be, as a reference
 *                                               for what any proxy can reach on this machine: no
 *                                               authentication, no policy, no inspection, IPv4 only;
 *                                               a fixed pool of threads blocks in accept(), then
 *                                               copies with read/write through a 1 MiB buffer.
 *   socksbench spin PORT                        the same relay on one thread that never sleeps: every
 *                                               wait is a loop of non-blocking calls, so no wake-up
 *                                               is ever needed. Burns a core while it runs; only to
 *                                               show what the wake-ups cost a sequential client.
 *   socksbench load PROXYPORT SINKPORT big|conn COUNT THREADS
 *                                               big: COUNT downloads of /big over THREADS threads,
 *                                               prints Gbit/s; conn: COUNT x (greeting, CONNECT,
 *                                               GET /small, read to EOF, close), prints conn/s.
 *                                               PROXYPORT 0: straight to the sink, no SOCKS (the
 *                                               ceiling any proxy is measured against).
 * SOCKS5 without authentication, 64 KiB reads. Loopback only.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int proxy_port, sink_port, big, count, nthreads;
static volatile long next_job, failures;
static long long total_bytes;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static int spinning; /* socksbench spin: sockets are non-blocking, waits are busy loops */

static int read_full(int fd, char *b, int n) {
  for (int got = 0; got < n;) {
    int r = read(fd, b + got, n - got);
    if (r < 0 && spinning && errno == EAGAIN) continue;
    if (r <= 0) return -1;
    got += r;
  }
  return 0;
}

static long long one(char *buf) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(proxy_port ? proxy_port : sink_port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) { close(fd); return -1; }
  if (proxy_port) {
    unsigned char g[3] = {5, 1, 0}, r[10];
    if (write(fd, g, 3) != 3 || read_full(fd, (char *)r, 2) || r[1] != 0) { close(fd); return -1; }
    unsigned char req[10] = {5, 1, 0, 1, 127, 0, 0, 1, sink_port >> 8, sink_port & 255};
    if (write(fd, req, 10) != 10 || read_full(fd, (char *)r, 10) || r[1] != 0) { close(fd); return -1; }
  }
  const char *get = big ? "GET /big HTTP/1.0\r\n\r\n" : "GET /small HTTP/1.0\r\n\r\n";
  if (write(fd, get, strlen(get)) < 0) { close(fd); return -1; }
  long long n = 0;
  for (int k; (k = read(fd, buf, 65536)) > 0;) n += k;
  close(fd);
  return n;
}

static void *worker(void *arg) {
  (void)arg;
  char *buf = malloc(65536);
  long long mine = 0;
  for (;;) {
    long j = __sync_fetch_and_add(&next_job, 1);
    if (j >= count) break;
    long long n = one(buf);
    if (n < (big ? (1LL << 30) : 100)) __sync_fetch_and_add(&failures, 1);
    else mine += n;
  }
  pthread_mutex_lock(&mu);
  total_bytes += mine;
  pthread_mutex_unlock(&mu);
  free(buf);
  return NULL;
}

static void serve_one(int fd) {
  char req[2048];
  int got = 0;
  while (got < (int)sizeof req - 1) {
    int r = read(fd, req + got, sizeof req - 1 - got);
    if (r <= 0) break;
    got += r;
    req[got] = 0;
    if (strstr(req, "\r\n\r\n")) break;
  }
  if (strncmp(req, "GET /big", 8) == 0) {
    const char *h = "HTTP/1.0 200 OK\r\nContent-Length: 1073741824\r\n\r\n";
    if (write(fd, h, strlen(h)) < 0) goto out;
    static char zeros[1 << 20];
    for (int i = 0; i < 1024; i++)
      for (int off = 0; off < (1 << 20);) {
        int w = write(fd, zeros + off, (1 << 20) - off);
        if (w <= 0) goto out;
        off += w;
      }
  } else {
    char resp[256];
    int n = snprintf(resp, sizeof resp, "HTTP/1.0 200 OK\r\nContent-Length: 100\r\n\r\n%0100d", 0);
    if (write(fd, resp, n) < 0) goto out;
  }
out:
  close(fd);
}

static void *acceptor(void *arg) {
  int s = (int)(intptr_t)arg;
  for (;;) {
    int c = accept(s, NULL, NULL);
    if (c >= 0) serve_one(c);
  }
  return NULL;
}

/* One SOCKS5 CONNECT relayed to its end: greeting, request, connect, reply, then copy both ways. */
static void relay_one(int c, char *buf, int size) {
  unsigned char g[3], q[10], rep[10] = {5, 0, 0, 1, 0, 0, 0, 0, 0, 0};
  int one = 1, d = -1;
  setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (read_full(c, (char *)g, 3) || g[0] != 5 || write(c, "\5\0", 2) != 2) goto out;
  if (read_full(c, (char *)q, 10) || q[0] != 5 || q[1] != 1 || q[3] != 1) goto out;
  d = socket(AF_INET, SOCK_STREAM, 0);
  setsockopt(d, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  struct sockaddr_in a = {.sin_family = AF_INET};
  memcpy(&a.sin_addr, q + 4, 4);
  memcpy(&a.sin_port, q + 8, 2);
  if (connect(d, (struct sockaddr *)&a, sizeof a) || write(c, rep, 10) != 10) goto out;
  if (spinning) fcntl(d, F_SETFL, O_NONBLOCK);
  int fds[2] = {c, d}, done[2] = {0, 0};
  while (!done[0] || !done[1]) {
    struct pollfd p[2] = {{c, done[0] ? 0 : POLLIN, 0}, {d, done[1] ? 0 : POLLIN, 0}};
    int ready = poll(p, 2, spinning ? 0 : -1);
    if (ready == 0 && spinning) continue;
    if (ready <= 0) goto out;
    for (int i = 0; i < 2; i++) {
      if (done[i] || !p[i].revents) continue;
      int n = read(fds[i], buf, size);
      if (n < 0 && spinning && errno == EAGAIN) continue;
      if (n <= 0) {
        shutdown(fds[1 - i], SHUT_WR);
        done[i] = 1;
        continue;
      }
      for (int off = 0; off < n;) {
        int w = write(fds[1 - i], buf + off, n - off);
        if (w < 0 && spinning && errno == EAGAIN) continue;
        if (w <= 0) goto out;
        off += w;
      }
    }
  }
out:
  if (d >= 0) close(d);
  close(c);
}

static void *relayer(void *arg) {
  int s = (int)(intptr_t)arg, size = 1 << 20;
  char *buf = malloc(size);
  for (;;) {
    int c = accept4(s, NULL, NULL, spinning ? SOCK_NONBLOCK : 0);
    if (c >= 0) relay_one(c, buf, size);
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc == 3 && !strcmp(argv[1], "spin")) {
    spinning = 1;
    int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[2]))};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 4096)) { perror("spin"); return 1; }
    relayer((void *)(intptr_t)s);
  }
  if (argc == 3 && (!strcmp(argv[1], "serve") || !strcmp(argv[1], "relay"))) {
    int relay = !strcmp(argv[1], "relay");
    int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[2]))};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 4096)) { perror(argv[1]); return 1; }
    /* More threads than the load client ever keeps busy at once (8 connections, 4 downloads). */
    pthread_attr_t at;
    pthread_attr_init(&at);
    pthread_attr_setstacksize(&at, 64 * 1024);
    for (int i = 0; i < 32; i++) {
      pthread_t t;
      if (pthread_create(&t, &at, relay ? relayer : acceptor, (void *)(intptr_t)s)) { perror("thread"); return 1; }
    }
    pause();
    return 0;
  }
  if (argc != 7 || strcmp(argv[1], "load")) {
    fprintf(stderr, "usage: socksbench serve PORT | socksbench relay|spin PORT | socksbench load PROXYPORT SINKPORT big|conn COUNT THREADS\n");
    return 2;
  }
  proxy_port = atoi(argv[2]);
  sink_port = atoi(argv[3]);
  big = !strcmp(argv[4], "big");
  count = atoi(argv[5]);
  nthreads = atoi(argv[6]);
  pthread_t t[256];
  double t0 = now();
  for (int i = 0; i < nthreads; i++) pthread_create(&t[i], NULL, worker, NULL);
  for (int i = 0; i < nthreads; i++) pthread_join(t[i], NULL);
  double dt = now() - t0;
  if (big) printf("%.2f Gbit/s", total_bytes * 8 / dt / 1e9);
  else printf("%.0f conn/s", (count - failures) / dt);
  printf(" (%ld failures, %.2f s)\n", failures, dt);
  return failures ? 1 : 0;
}
