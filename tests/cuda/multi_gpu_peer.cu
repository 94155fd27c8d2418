// multi_gpu_peer: every device the process shows, used together, as
// multi-GPU programs do. With N >= 2 devices of any kind (CUWA_DEVICE=cuda
// on a machine with several GPUs, or cpu,cpu): properties of each device;
// peer access where cudaDeviceCanAccessPeer allows it (enable, its
// errors, a kernel on one device reading another's memory); copies both
// ways between every pair (cudaMemcpyPeer, cudaMemcpyPeerAsync, cudaMemcpy
// with cudaMemcpyDefault); and one job split over all devices, once from
// one host thread with a stream per device and once with a host thread
// per device, gathered with peer copies and reduced on device 0.
// Under tests/run's cpu run (CUWA_DEVICE=cpu) it asks for two CPU devices.
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static const int N = 1 << 20; // elements per buffer (4 MiB)
static const int MAXD = 8;

__global__ void iota(float *p, float base, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) p[i] = base + (float)(i % 1000);
}

// dst[i] += src[i], src possibly on another device (peer access)
__global__ void add_from(float *dst, const float *src, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) dst[i] += src[i];
}

__global__ void saxpy(float *y, const float *x, float a, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}

// out[0] = sum of in[0..n) (one block, n small); integers: exact, and
// 64-bit integers run everywhere (WebGPU has no f64)
__global__ void sum_small(unsigned long long *out, const unsigned long long *in, int n) {
  __shared__ unsigned long long s[256];
  unsigned long long v = 0;
  for (int i = threadIdx.x; i < n; i += blockDim.x) v += in[i];
  s[threadIdx.x] = v;
  __syncthreads();
  for (int k = blockDim.x / 2; k > 0; k /= 2) {
    if ((int)threadIdx.x < k) s[threadIdx.x] += s[threadIdx.x + k];
    __syncthreads();
  }
  if (threadIdx.x == 0) out[0] = s[0];
}

// per-block partial sums of x[0..n): part[blockIdx.x]
__global__ void partial_sums(unsigned long long *part, const float *x, int n) {
  __shared__ unsigned long long s[256];
  unsigned long long v = 0;
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x)
    v += (unsigned long long)x[i];
  s[threadIdx.x] = v;
  __syncthreads();
  for (int k = blockDim.x / 2; k > 0; k /= 2) {
    if ((int)threadIdx.x < k) s[threadIdx.x] += s[threadIdx.x + k];
    __syncthreads();
  }
  if (threadIdx.x == 0) part[blockIdx.x] = s[0];
}

static int count;
static float *host;

static float *alloc_on(int d, size_t n) {
  float *p = NULL;
  CHECK_CUDA(cudaSetDevice(d));
  CHECK_CUDA(cudaMalloc(&p, n * sizeof(float)));
  return p;
}

// device d's buffer must hold base + i % 1000 (spot checks and a full pass)
static void expect_iota(int d, const float *p, float base, const char *what) {
  CHECK_CUDA(cudaSetDevice(d));
  CHECK_CUDA(cudaMemcpy(host, p, N * sizeof(float), cudaMemcpyDeviceToHost));
  int bad = 0;
  for (int i = 0; i < N; i++)
    if (host[i] != base + (float)(i % 1000) && bad++ < 3)
      printf("%s: device %d [%d] = %g, expected %g\n", what, d, i, host[i],
             base + (float)(i % 1000));
  CHECK(0, bad);
}

// Copies between a and b both ways, three ways each.
static void copies(int a, int b) {
  float *pa = alloc_on(a, N), *pb = alloc_on(b, N);
  float ba = 1000.0f * (float)(a + 1), bb = 1000.0f * (float)(b + 1) + 0.5f;
  CHECK_CUDA(cudaSetDevice(a));
  iota<<<(N + 255) / 256, 256>>>(pa, ba, N);
  CHECK_CUDA(cudaSetDevice(b));
  iota<<<(N + 255) / 256, 256>>>(pb, bb, N);
  CHECK_CUDA(cudaDeviceSynchronize());
  CHECK_CUDA(cudaSetDevice(a));
  CHECK_CUDA(cudaDeviceSynchronize());
  // a -> b with cudaMemcpyPeer, from a third current device
  CHECK_CUDA(cudaSetDevice(0));
  CHECK_CUDA(cudaMemcpyPeer(pb, b, pa, a, N * sizeof(float)));
  expect_iota(b, pb, ba, "cudaMemcpyPeer a->b");
  // b -> a with cudaMemcpyPeerAsync on a stream of b
  CHECK_CUDA(cudaSetDevice(b));
  iota<<<(N + 255) / 256, 256>>>(pb, bb, N);
  cudaStream_t s;
  CHECK_CUDA(cudaStreamCreate(&s));
  CHECK_CUDA(cudaMemcpyPeerAsync(pa, a, pb, b, N * sizeof(float), s));
  CHECK_CUDA(cudaStreamSynchronize(s));
  CHECK_CUDA(cudaStreamDestroy(s));
  expect_iota(a, pa, bb, "cudaMemcpyPeerAsync b->a");
  // unified addressing: cudaMemcpyDefault finds both owners
  CHECK_CUDA(cudaSetDevice(a));
  iota<<<(N + 255) / 256, 256>>>(pa, ba, N);
  CHECK_CUDA(cudaDeviceSynchronize());
  CHECK_CUDA(cudaMemcpy(pb, pa, N * sizeof(float), cudaMemcpyDefault));
  expect_iota(b, pb, ba, "cudaMemcpyDefault a->b");
  CHECK_CUDA(cudaSetDevice(b));
  iota<<<(N + 255) / 256, 256>>>(pb, bb, N);
  CHECK_CUDA(cudaDeviceSynchronize());
  CHECK_CUDA(cudaSetDevice(a)); // current device: the destination's
  CHECK_CUDA(cudaMemcpy(pa, pb, N * sizeof(float), cudaMemcpyDeviceToDevice));
  expect_iota(a, pa, bb, "cudaMemcpyDeviceToDevice b->a");
  cudaPointerAttributes attr;
  CHECK_CUDA(cudaPointerGetAttributes(&attr, pa));
  CHECK(a, attr.device);
  CHECK_CUDA(cudaPointerGetAttributes(&attr, pb));
  CHECK(b, attr.device);
  CHECK_CUDA(cudaFree(pa));
  CHECK_CUDA(cudaSetDevice(b));
  CHECK_CUDA(cudaFree(pb));
}

// The job: y = 2 x + y over N * count elements, x = i % 1000, y = 1; each
// device its slice, then sum(y) gathered on device 0.
typedef struct Slice {
  int device;
  float *x, *y;
  unsigned long long *part; // 64 partial sums on the device
  cudaStream_t stream;
} Slice;

static void slice_start(Slice *s) {
  CHECK_CUDA(cudaSetDevice(s->device));
  CHECK_CUDA(cudaStreamCreate(&s->stream));
  CHECK_CUDA(cudaMalloc(&s->x, N * sizeof(float)));
  CHECK_CUDA(cudaMalloc(&s->y, N * sizeof(float)));
  CHECK_CUDA(cudaMalloc(&s->part, 64 * sizeof(unsigned long long)));
  iota<<<(N + 255) / 256, 256, 0, s->stream>>>(s->x, 0.0f, N);
  iota<<<(N + 255) / 256, 256, 0, s->stream>>>(s->y, 1.0f, N);   // 1 + i % 1000
  saxpy<<<(N + 255) / 256, 256, 0, s->stream>>>(s->y, s->x, 2.0f, N);
  partial_sums<<<64, 256, 0, s->stream>>>(s->part, s->y, N);
}

static void slice_free(Slice *s) {
  CHECK_CUDA(cudaSetDevice(s->device));
  CHECK_CUDA(cudaStreamSynchronize(s->stream));
  CHECK_CUDA(cudaStreamDestroy(s->stream));
  CHECK_CUDA(cudaFree(s->x));
  CHECK_CUDA(cudaFree(s->y));
  CHECK_CUDA(cudaFree(s->part));
}

static void *slice_thread(void *arg) {
  Slice *s = (Slice *)arg;
  slice_start(s);
  CHECK_CUDA(cudaStreamSynchronize(s->stream));
  return NULL;
}

// Gathers every slice's partial sums on device 0 with peer copies and
// sums them there; checks against the exact value.
static void gather(Slice *sl, const char *what) {
  unsigned long long *all = NULL, *total = NULL, got = 0;
  CHECK_CUDA(cudaSetDevice(0));
  CHECK_CUDA(cudaMalloc(&all, 64 * count * sizeof(unsigned long long)));
  CHECK_CUDA(cudaMalloc(&total, sizeof(unsigned long long)));
  for (int d = 0; d < count; d++) {
    CHECK_CUDA(cudaSetDevice(d));
    CHECK_CUDA(cudaStreamSynchronize(sl[d].stream));
    CHECK_CUDA(cudaMemcpyPeerAsync(all + 64 * d, 0, sl[d].part, d,
                                   64 * sizeof(unsigned long long), sl[d].stream));
  }
  for (int d = 0; d < count; d++) {
    CHECK_CUDA(cudaSetDevice(d));
    CHECK_CUDA(cudaStreamSynchronize(sl[d].stream));
  }
  CHECK_CUDA(cudaSetDevice(0));
  sum_small<<<1, 256>>>(total, all, 64 * count);
  CHECK_CUDA(cudaMemcpy(&got, total, sizeof got, cudaMemcpyDeviceToHost));
  unsigned long long per = 0; // sum over one slice of 1 + 3 (i % 1000)
  for (int i = 0; i < N; i++) per += 1 + 3 * (unsigned long long)(i % 1000);
  if (got != per * count) printf("%s: sum %llu, expected %llu\n", what, got, per * count);
  CHECK(per * count, got);
  CHECK_CUDA(cudaFree(all));
  CHECK_CUDA(cudaFree(total));
}

// On two NVIDIA GPUs: memory allocated with device d current comes from
// GPU d (cudaMemGetInfo of d drops, the other's does not).
static void placement(int d, int other) {
  size_t f0, t0, o0, f1, t1, o1;
  float *p = NULL;
  CHECK_CUDA(cudaSetDevice(other));
  CHECK_CUDA(cudaMemGetInfo(&o0, &t0));
  CHECK_CUDA(cudaSetDevice(d));
  CHECK_CUDA(cudaMemGetInfo(&f0, &t0));
  CHECK_CUDA(cudaMalloc(&p, 512u << 20));
  CHECK_CUDA(cudaMemGetInfo(&f1, &t1));
  CHECK_CUDA(cudaSetDevice(other));
  CHECK_CUDA(cudaMemGetInfo(&o1, &t1));
  CHECK(1, f0 - f1 >= (500u << 20));
  CHECK(1, o0 - o1 < (256u << 20) || o1 >= o0);
  CHECK_CUDA(cudaSetDevice(d));
  CHECK_CUDA(cudaFree(p));
}

static int is_nvidia(int d) {
  cudaDeviceProp p;
  CHECK_CUDA(cudaGetDeviceProperties(&p, d));
  return strncmp(p.name, "NVIDIA", 6) == 0;
}

int main() {
  const char *want = getenv("CUWA_DEVICE");
  if (want && strcmp(want, "cpu") == 0) // tests/run's cpu run: two CPU devices
    setenv("CUWA_DEVICE", "cpu,cpu", 1);
  CHECK_CUDA(cudaGetDeviceCount(&count));
  if (count < 2) { // as the CUDA samples: waived, not failed
    printf("needs 2 devices: skipped\n");
    return 0;
  }
  if (count > MAXD) count = MAXD;
  printf("%d devices\n", count);
  host = (float *)malloc(N * sizeof(float));
  for (int d = 0; d < count; d++) {
    cudaDeviceProp p;
    CHECK_CUDA(cudaGetDeviceProperties(&p, d));
    printf("device %d: %s, pci %04x:%02x:%02x, cc %d.%d, %d SMs, unified addressing %d\n", d,
           p.name, p.pciDomainID, p.pciBusID, p.pciDeviceID, p.major, p.minor,
           p.multiProcessorCount, p.unifiedAddressing);
    CHECK(1, p.unifiedAddressing); // cudaMemcpyDefault below relies on it
  }
  if (is_nvidia(0) && is_nvidia(1)) {
    placement(1, 0);
    placement(0, 1);
  }
  // Without peer access first: a kernel that ran on the wrong GPU would
  // fault on the other GPU's memory instead of passing.
  for (int a = 0; a < count; a++)
    for (int b = a + 1; b < count; b++) copies(a, b);
  // one job over all devices: one host thread, a stream per device
  Slice sl[MAXD];
  memset(sl, 0, sizeof sl);
  for (int d = 0; d < count; d++) {
    sl[d].device = d;
    slice_start(&sl[d]);
  }
  gather(sl, "streams");
  for (int d = 0; d < count; d++) slice_free(&sl[d]);
  // the same with a host thread per device
  pthread_t t[MAXD];
  for (int d = 0; d < count; d++) {
    sl[d].device = d;
    pthread_create(&t[d], NULL, slice_thread, &sl[d]);
  }
  for (int d = 0; d < count; d++) pthread_join(t[d], NULL);
  gather(sl, "threads");
  for (int d = 0; d < count; d++) slice_free(&sl[d]);
  // peer access: queries, enable where possible, its errors
  int can[MAXD][MAXD];
  for (int a = 0; a < count; a++)
    for (int b = 0; b < count; b++) {
      if (a == b) continue;
      CHECK_CUDA(cudaDeviceCanAccessPeer(&can[a][b], a, b));
      int access = -1, atomics = -1, rank = -1;
      CHECK_CUDA(cudaDeviceGetP2PAttribute(&access, cudaDevP2PAttrAccessSupported, a, b));
      CHECK_CUDA(cudaDeviceGetP2PAttribute(&atomics, cudaDevP2PAttrNativeAtomicSupported, a, b));
      CHECK_CUDA(cudaDeviceGetP2PAttribute(&rank, cudaDevP2PAttrPerformanceRank, a, b));
      printf("peer %d -> %d: %d (native atomics %d, rank %d)\n", a, b, can[a][b], atomics, rank);
      CHECK(can[a][b], access);
      CHECK_CUDA(cudaSetDevice(a));
      if (can[a][b]) {
        CHECK_CUDA(cudaDeviceEnablePeerAccess(b, 0));
        CHECK(cudaErrorPeerAccessAlreadyEnabled, cudaDeviceEnablePeerAccess(b, 0));
      } else {
        CHECK(cudaErrorPeerAccessUnsupported, cudaDeviceEnablePeerAccess(b, 0));
      }
      cudaGetLastError();
    }
  int self = 1;
  CHECK_CUDA(cudaDeviceCanAccessPeer(&self, 0, 0));
  CHECK(0, self);
  CHECK(cudaErrorInvalidDevice, cudaDeviceGetP2PAttribute(&self, cudaDevP2PAttrAccessSupported, 0, 0));
  cudaGetLastError();
  CHECK_CUDA(cudaSetDevice(0));
  CHECK(cudaErrorPeerAccessUnsupported, cudaDeviceEnablePeerAccess(0, 0));  // 217, as on 2 H200s
  cudaGetLastError();
  for (int a = 0; a < count; a++)
    for (int b = 0; b < count; b++)
      if (a != b && can[a][b]) {
        // with peer access a -> b, a kernel on a reads b's buffer:
        // iota(10) + iota(3) = 13 + 2 (i % 1000)
        float *pa = alloc_on(a, N), *pb = alloc_on(b, N);
        CHECK_CUDA(cudaSetDevice(b));
        iota<<<(N + 255) / 256, 256>>>(pb, 3.0f, N);
        CHECK_CUDA(cudaDeviceSynchronize());
        CHECK_CUDA(cudaSetDevice(a));
        iota<<<(N + 255) / 256, 256>>>(pa, 10.0f, N);
        add_from<<<(N + 255) / 256, 256>>>(pa, pb, N); // device a reads b's memory
        CHECK_CUDA(cudaDeviceSynchronize());
        CHECK_CUDA(cudaMemcpy(host, pa, N * sizeof(float), cudaMemcpyDeviceToHost));
        int bad = 0;
        for (int i = 0; i < N; i++)
          if (host[i] != 13.0f + 2.0f * (float)(i % 1000) && bad++ < 3)
            printf("peer kernel %d reads %d: [%d] = %g\n", a, b, i, host[i]);
        CHECK(0, bad);
        CHECK_CUDA(cudaFree(pa));
        CHECK_CUDA(cudaSetDevice(b));
        CHECK_CUDA(cudaFree(pb));
      }
  // the peer copies again, now with peer access enabled
  for (int a = 0; a < count; a++)
    for (int b = a + 1; b < count; b++) copies(a, b);
  // disable what was enabled, and the error after
  for (int a = 0; a < count; a++)
    for (int b = 0; b < count; b++)
      if (a != b && can[a][b]) {
        CHECK_CUDA(cudaSetDevice(a));
        CHECK_CUDA(cudaDeviceDisablePeerAccess(b));
        CHECK(cudaErrorPeerAccessNotEnabled, cudaDeviceDisablePeerAccess(b));
        cudaGetLastError();
      }
  free(host);
  return check_done("multi_gpu_peer");
}
