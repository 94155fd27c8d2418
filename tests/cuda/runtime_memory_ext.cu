// runtime_memory_ext: stream-ordered allocation and memory pools, 3D
// pitched memory, unified-memory hints, the host min/max overloads and
// the other host-side API that real programs use (CUDART_CB callbacks,
// channel descriptors, bank configs), including CUDA's error codes.
#include <string.h>
#include "check.h"

__global__ void add_one(int *p, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) p[i] += 1;
}

static int callback_calls;
static void CUDART_CB on_done(cudaStream_t, cudaError_t status, void *data) {
  if (status == cudaSuccess) callback_calls += *(int *)data;
}

static void test_min_max(void) {
  CHECK(3, min(3, 7));
  CHECK(7, max(3, 7));
  CHECK(4294967295u, max(-1, 5u));  // mixed: compared as unsigned, as nvcc
  CHECK(5, (int)min(-1, 5u));
  CHECK_NEAR(1.5, min(1.5f, 2.5f), 0);
  CHECK_NEAR(2.5, max(1.5, 2.5f), 0);
  CHECK(-9, (int)min(-9LL, 3LL));
  CHECK(9, (int)max(9UL, 3UL));
}

static void test_pools(void) {
  cudaStream_t s;
  CHECK_CUDA(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
  cudaMemPool_t pool, cur;
  CHECK_CUDA(cudaDeviceGetDefaultMemPool(&pool, 0));
  CHECK_CUDA(cudaDeviceGetMemPool(&cur, 0));
  CHECK(1, pool == cur);
  unsigned long long thr = ~0ull, used = 1;
  CHECK_CUDA(cudaMemPoolSetAttribute(pool, cudaMemPoolAttrReleaseThreshold, &thr));
  CHECK_CUDA(cudaMemPoolGetAttribute(pool, cudaMemPoolAttrReleaseThreshold, &used));
  CHECK(1, used == ~0ull);
  int *d = NULL;
  CHECK_CUDA(cudaMallocAsync(&d, 1000 * sizeof(int), s));
  CHECK_CUDA(cudaMemsetAsync(d, 0, 1000 * sizeof(int), s));
  add_one<<<4, 256, 0, s>>>(d, 1000);
  CHECK_CUDA(cudaMemPoolGetAttribute(pool, cudaMemPoolAttrUsedMemCurrent, &used));
  CHECK(4000, (long long)used);
  int h[1000];
  CHECK_CUDA(cudaMemcpyAsync(h, d, sizeof h, cudaMemcpyDeviceToHost, s));
  CHECK_CUDA(cudaFreeAsync(d, s));
  CHECK_CUDA(cudaStreamSynchronize(s));
  CHECK(1, h[0] == 1 && h[999] == 1);
  CHECK_CUDA(cudaMemPoolGetAttribute(pool, cudaMemPoolAttrUsedMemCurrent, &used));
  CHECK(0, (long long)used);
  CHECK_CUDA(cudaMemPoolGetAttribute(pool, cudaMemPoolAttrUsedMemHigh, &used));
  CHECK(4000, (long long)used);
  int reuse = -1;
  CHECK_CUDA(cudaMemPoolGetAttribute(pool, cudaMemPoolReuseAllowOpportunistic, &reuse));
  CHECK(1, reuse);
  // a created pool, allocation from it, and errors
  cudaMemPoolProps props;
  memset(&props, 0, sizeof props);
  props.allocType = cudaMemAllocationTypePinned;
  props.location.type = cudaMemLocationTypeDevice;
  props.location.id = 0;
  cudaMemPool_t mine;
  CHECK_CUDA(cudaMemPoolCreate(&mine, &props));
  float *f = NULL;
  CHECK_CUDA(cudaMallocAsync(&f, 64 * sizeof(float), mine, s));
  CHECK(1, f != NULL);
  CHECK_CUDA(cudaFreeAsync(f, s));
  CHECK_CUDA(cudaMemPoolDestroy(mine));
  CHECK(cudaErrorInvalidValue, cudaMemPoolDestroy(pool));   // default pool
  CHECK(cudaErrorInvalidValue, cudaMallocAsync(NULL, 4, s));
  CHECK(cudaErrorInvalidDevice, cudaDeviceGetDefaultMemPool(&cur, 7));
  CHECK(cudaErrorInvalidValue,
        cudaMemPoolSetAttribute(pool, cudaMemPoolAttrUsedMemCurrent, &thr));
  CHECK(cudaErrorInvalidValue, cudaFreeAsync(h, s));        // not device memory
  cudaGetLastError();
  int one = 1;
  CHECK_CUDA(cudaStreamAddCallback(s, on_done, &one, 0));
  CHECK_CUDA(cudaStreamSynchronize(s));
  CHECK(1, callback_calls);
  CHECK_CUDA(cudaStreamDestroy(s));
  int pools = 0;
  CHECK_CUDA(cudaDeviceGetAttribute(&pools, cudaDevAttrMemoryPoolsSupported, 0));
  CHECK(1, pools);
}

static void test_3d(void) {
  const int W = 5, H = 3, D = 4;
  cudaExtent ext = make_cudaExtent(W * sizeof(int), H, D);
  cudaPitchedPtr dp;
  CHECK_CUDA(cudaMalloc3D(&dp, ext));
  CHECK(1, dp.pitch >= W * sizeof(int) && dp.xsize == W * sizeof(int) && dp.ysize == H);
  int host[D][H][W], back[D][H][W];
  for (int z = 0; z < D; z++)
    for (int y = 0; y < H; y++)
      for (int x = 0; x < W; x++) host[z][y][x] = 100 * z + 10 * y + x;
  cudaMemcpy3DParms p;
  memset(&p, 0, sizeof p);
  p.srcPtr = make_cudaPitchedPtr(host, W * sizeof(int), W * sizeof(int), H);
  p.dstPtr = dp;
  p.extent = ext;
  p.kind = cudaMemcpyHostToDevice;
  CHECK_CUDA(cudaMemcpy3D(&p));
  CHECK_CUDA(cudaMemset3D(dp, 0, make_cudaExtent(sizeof(int), 1, D)));  // x = 0 of row 0
  memset(&p, 0, sizeof p);
  p.srcPtr = dp;
  p.dstPtr = make_cudaPitchedPtr(back, W * sizeof(int), W * sizeof(int), H);
  p.extent = ext;
  p.kind = cudaMemcpyDeviceToHost;
  CHECK_CUDA(cudaMemcpy3D(&p));
  int bad = 0;
  for (int z = 0; z < D; z++)
    for (int y = 0; y < H; y++)
      for (int x = 0; x < W; x++)
        bad += back[z][y][x] != (x == 0 && y == 0 ? 0 : host[z][y][x]);
  CHECK(0, bad);
  // a sub-box: positions select the source and destination corners
  memset(back, 0xff, sizeof back);
  memset(&p, 0, sizeof p);
  p.srcPtr = dp;
  p.srcPos = make_cudaPos(1 * sizeof(int), 1, 2);
  p.dstPtr = make_cudaPitchedPtr(back, W * sizeof(int), W * sizeof(int), H);
  p.extent = make_cudaExtent(2 * sizeof(int), 2, 2);
  p.kind = cudaMemcpyDeviceToHost;
  CHECK_CUDA(cudaMemcpy3D(&p));
  CHECK(211, back[0][0][0]);
  CHECK(322, back[1][1][1]);
  p.extent = make_cudaExtent(dp.pitch + 1, 1, 1);  // wider than the pitch
  CHECK(cudaErrorInvalidPitchValue, cudaMemcpy3D(&p));
  CHECK(cudaErrorInvalidValue, cudaMemcpy3D(NULL));
  cudaGetLastError();
  CHECK_CUDA(cudaFree(dp.ptr));
}

static void test_hints(void) {
  int *m;
  cudaError_t e = cudaMallocManaged(&m, 256 * sizeof(int));
  if (e == cudaErrorNotSupported) {  // cuwa's webgpu device: no managed memory
    cudaGetLastError();
    return;
  }
  CHECK_CUDA(e);
  cudaMemLocation dev = {cudaMemLocationTypeDevice, 0};
  cudaMemLocation host = {cudaMemLocationTypeHost, 0};
  CHECK_CUDA(cudaMemAdvise(m, 256 * sizeof(int), cudaMemAdviseSetReadMostly, dev));
  CHECK_CUDA(cudaMemAdvise(m, 256 * sizeof(int), cudaMemAdviseSetPreferredLocation, host));
  CHECK_CUDA(cudaMemPrefetchAsync(m, 256 * sizeof(int), dev, 0, 0));
  CHECK_CUDA(cudaMemPrefetchAsync(m, 256 * sizeof(int), 0));   // CUDA 12 form
  CHECK_CUDA(cudaMemPrefetchAsync(m, 256 * sizeof(int), cudaCpuDeviceId));
  cudaMemLocation other = {cudaMemLocationTypeDevice, 3};
  CHECK(cudaErrorInvalidDevice, cudaMemPrefetchAsync(m, 16, other, 0, 0));
  CHECK(cudaErrorInvalidValue, cudaMemAdvise(m, 16, (cudaMemoryAdvise)99, dev));
  cudaGetLastError();
  CHECK_CUDA(cudaFree(m));
}

static void test_misc(void) {
  cudaChannelFormatDesc c = cudaCreateChannelDesc<float4>();
  CHECK(1, c.x == 32 && c.w == 32 && c.f == cudaChannelFormatKindFloat);
  c = cudaCreateChannelDesc<unsigned char>();
  CHECK(1, c.x == 8 && c.y == 0 && c.f == cudaChannelFormatKindUnsigned);
  c = cudaCreateChannelDesc(16, 16, 0, 0, cudaChannelFormatKindSigned);
  CHECK(16, c.y);
  CHECK_CUDA(cudaFuncSetSharedMemConfig(add_one, cudaSharedMemBankSizeEightByte));
  CHECK_CUDA(cudaDeviceSetSharedMemConfig(cudaSharedMemBankSizeFourByte));
  cudaSharedMemConfig sc;
  CHECK_CUDA(cudaDeviceGetSharedMemConfig(&sc));
  CHECK(cudaSharedMemBankSizeFourByte, sc);
  CHECK(cudaErrorInvalidValue, cudaDeviceSetSharedMemConfig((cudaSharedMemConfig)9));
  cudaGetLastError();
  char buf[8];
  memcpy(buf, "cuwa", 5);  // string.h comes with cuda_runtime.h, as with nvcc
  CHECK(4, (int)strlen(buf));
  CHECK(1, clock() >= 0);  // and time.h
}

int main(void) {
  test_min_max();
  test_pools();
  test_3d();
  test_hints();
  test_misc();
  return check_done("runtime_memory_ext");
}
