/*
 * The reference for firewall/bench/bench.sh: the smallest NFQUEUE reader, libnetfilter_queue's
 * classic API, answering NF_ACCEPT to every packet without looking at it.
 *   gcc -O2 -o nfq-accept nfq-accept.c -lnetfilter_queue
 *   nfq-accept QUEUE [gso]     (gso: ask for unsegmented GSO packets, as Seawall does)
 * Stops on SIGTERM/SIGINT (sigaction without SA_RESTART, so that recv returns).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/netfilter.h>
#include <libnetfilter_queue/libnetfilter_queue.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static volatile sig_atomic_t stop;
static void on_signal(int sig) { (void)sig; stop = 1; }

static int accept_all(struct nfq_q_handle *q, struct nfgenmsg *m, struct nfq_data *d, void *data) {
  (void)m; (void)data;
  struct nfqnl_msg_packet_hdr *h = nfq_get_msg_packet_hdr(d);
  return nfq_set_verdict(q, h ? ntohl(h->packet_id) : 0, NF_ACCEPT, 0, NULL);
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: %s QUEUE [gso]\n", argv[0]); return 2; }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  struct nfq_handle *h = nfq_open();
  if (!h) { perror("nfq_open"); return 1; }
  struct nfq_q_handle *q = nfq_create_queue(h, (uint16_t)atoi(argv[1]), accept_all, NULL);
  if (!q) { perror("nfq_create_queue"); return 1; }
  if (nfq_set_mode(q, NFQNL_COPY_PACKET, 0xffff) < 0) { perror("nfq_set_mode"); return 1; }
  nfq_set_queue_maxlen(q, 4096);
  if (argc > 2 && strcmp(argv[2], "gso") == 0) nfq_set_queue_flags(q, NFQA_CFG_F_GSO, NFQA_CFG_F_GSO);
  int fd = nfq_fd(h);
  int size = 8 << 20;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size);
  static char buf[1 << 17] __attribute__((aligned));
  long packets = 0;
  while (!stop) {
    int n = recv(fd, buf, sizeof buf, 0);
    if (n < 0) { if (errno == EINTR || errno == ENOBUFS) continue; perror("recv"); break; }
    nfq_handle_packet(h, buf, n);
    packets++;
  }
  fprintf(stderr, "nfq-accept: %ld packets\n", packets);
  nfq_destroy_queue(q);
  nfq_close(h);
  return 0;
}
