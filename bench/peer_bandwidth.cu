// peer_bandwidth: cudaMemcpyPeer bandwidth between two devices, built by
// cuwa and by nvcc alike (scripts/multi-gpu-check runs both on a machine
// with two GPUs). Not run by bench/run (no OpenMP baseline: the work is a
// copy between two devices).
//   peer_bandwidth [MiB=256] [reps=10] [src=0] [dst=1]
// Fills MiB on src with a kernel, then times reps copies src->dst and
// dst->src with cudaMemcpyPeer, without and then with peer access enabled
// (when cudaDeviceCanAccessPeer allows it), checks the copied data, and
// prints one line per measurement:
//   PEER_BW <src>-><dst> <nopeer|peer> <GB/s>
// GB/s = 1e9 bytes per second of wall time, from before the first copy to
// after both devices synchronised. Exit 2 (waived) with fewer than two
// devices, 1 on a wrong copy or a failed call.
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define CK(call)                                                                     \
  do {                                                                               \
    cudaError_t e_ = (call);                                                         \
    if (e_ != cudaSuccess) {                                                         \
      printf("%s:%d: %s: %s\n", __FILE__, __LINE__, #call, cudaGetErrorString(e_)); \
      exit(1);                                                                       \
    }                                                                                \
  } while (0)

__global__ void fill(unsigned *p, unsigned seed, size_t n) {
  size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
  for (; i < n; i += (size_t)gridDim.x * blockDim.x) p[i] = (unsigned)i * 2654435761u + seed;
}

static double now_ms() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

// GB/s of reps copies of bytes from (src, sd) to (dst, dd), after one
// untimed copy.
static double time_copies(void *dst, int dd, const void *src, int sd, size_t bytes, int reps) {
  CK(cudaMemcpyPeer(dst, dd, src, sd, bytes));
  CK(cudaSetDevice(sd));
  CK(cudaDeviceSynchronize());
  CK(cudaSetDevice(dd));
  CK(cudaDeviceSynchronize());
  double t0 = now_ms();
  for (int r = 0; r < reps; r++) CK(cudaMemcpyPeer(dst, dd, src, sd, bytes));
  CK(cudaSetDevice(sd));
  CK(cudaDeviceSynchronize());
  CK(cudaSetDevice(dd));
  CK(cudaDeviceSynchronize());
  double ms = now_ms() - t0;
  return (double)bytes * reps / (ms * 1e6);
}

// dst (on device dd) must hold fill(seed): every 4097th word and the last.
static int check(const unsigned *dst, int dd, unsigned seed, size_t n) {
  size_t samples = n / 4097 + 1;
  unsigned *h = (unsigned *)malloc(samples * sizeof(unsigned));
  CK(cudaSetDevice(dd));
  CK(cudaMemcpy2D(h, sizeof(unsigned), dst, 4097 * sizeof(unsigned), sizeof(unsigned),
                  n / 4097, cudaMemcpyDeviceToHost));
  CK(cudaMemcpy(h + n / 4097, dst + n - 1, sizeof(unsigned), cudaMemcpyDeviceToHost));
  int bad = 0;
  for (size_t k = 0; k < samples; k++) {
    size_t i = k < n / 4097 ? k * 4097 : n - 1;
    unsigned want = (unsigned)i * 2654435761u + seed;
    if (h[k] != want && bad++ < 3) printf("device %d word %zu: %u, expected %u\n", dd, i, h[k], want);
  }
  free(h);
  return bad;
}

int main(int argc, char **argv) {
  size_t mib = argc > 1 ? strtoul(argv[1], NULL, 10) : 256;
  int reps = argc > 2 ? atoi(argv[2]) : 10;
  int a = argc > 3 ? atoi(argv[3]) : 0, b = argc > 4 ? atoi(argv[4]) : 1;
  int count = 0;
  CK(cudaGetDeviceCount(&count));
  if (count < 2 || a >= count || b >= count || a == b) {
    printf("peer_bandwidth: needs devices %d and %d, %d present: waived\n", a, b, count);
    return 2;
  }
  for (int d = 0; d < count; d++) {
    cudaDeviceProp p;
    CK(cudaGetDeviceProperties(&p, d));
    printf("device %d: %s (pci %04x:%02x:%02x)\n", d, p.name, p.pciDomainID, p.pciBusID,
           p.pciDeviceID);
  }
  size_t bytes = mib << 20, n = bytes / sizeof(unsigned);
  unsigned *pa, *pb;
  CK(cudaSetDevice(a));
  CK(cudaMalloc(&pa, bytes));
  fill<<<1024, 256>>>(pa, 1u, n);
  CK(cudaGetLastError());
  CK(cudaDeviceSynchronize());
  CK(cudaSetDevice(b));
  CK(cudaMalloc(&pb, bytes));
  fill<<<1024, 256>>>(pb, 2u, n);
  CK(cudaGetLastError());
  CK(cudaDeviceSynchronize());
  int can_ab = 0, can_ba = 0, bad = 0;
  CK(cudaDeviceCanAccessPeer(&can_ab, a, b));
  CK(cudaDeviceCanAccessPeer(&can_ba, b, a));
  printf("peer access %d->%d: %d, %d->%d: %d; %zu MiB x %d copies\n", a, b, can_ab, b, a, can_ba,
         mib, reps);
  for (int peer = 0; peer <= 1; peer++) {
    if (peer) {
      if (!can_ab || !can_ba) break;
      CK(cudaSetDevice(a));
      CK(cudaDeviceEnablePeerAccess(b, 0));
      CK(cudaSetDevice(b));
      CK(cudaDeviceEnablePeerAccess(a, 0));
    }
    const char *mode = peer ? "peer" : "nopeer";
    // b's data is refilled after each direction, so each check sees fresh copies
    printf("PEER_BW %d->%d %s %.2f\n", a, b, mode, time_copies(pb, b, pa, a, bytes, reps));
    bad += check(pb, b, 1u, n);
    CK(cudaSetDevice(b));
    fill<<<1024, 256>>>(pb, 3u, n);
    CK(cudaDeviceSynchronize());
    printf("PEER_BW %d->%d %s %.2f\n", b, a, mode, time_copies(pa, a, pb, b, bytes, reps));
    bad += check(pa, a, 3u, n);
    CK(cudaSetDevice(a));
    fill<<<1024, 256>>>(pa, 1u, n);
    CK(cudaDeviceSynchronize());
  }
  CK(cudaSetDevice(a));
  CK(cudaFree(pa));
  CK(cudaSetDevice(b));
  CK(cudaFree(pb));
  printf("peer_bandwidth: %s\n", bad ? "WRONG" : "ok");
  return bad ? 1 : 0;
}
