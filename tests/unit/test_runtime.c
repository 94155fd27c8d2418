/* test_runtime.c: unit tests of libcuwa (the CUDA Runtime API on the CPU
 * device) through runtime_fake_module.c, a hand-written module in the
 * shape the C back end generates. Expected error codes are CUDA 13's as
 * measured on an H100. Re-runs itself with CUWA_CPU_THREADS=5 (more
 * threads than cores) and with CUWA_DEVICE naming a device that does not exist, and builds
 * and runs test_runtime_cxx.cpp (the headers under g++ -Werror). Run from
 * the repository root (tests/run does). By hand:
 *   cc -std=c11 -D_GNU_SOURCE -Iinclude -Isrc tests/unit/test_runtime.c
 *      tests/unit/runtime_fake_module.c build/lib/libcuwa.a -lpthread -lm
 * unit-link: runtime_fake_module.c
 */
#include <pthread.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cuda_runtime.h"
#include "runtime_fake_module.h"

extern char **environ;

static int passed, failed;

#define CHECK(cond)                                                     \
  do {                                                                  \
    if (cond)                                                           \
      passed++;                                                         \
    else {                                                              \
      failed++;                                                         \
      printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);            \
    }                                                                   \
  } while (0)

/* CHECK that x returns cudaError_t e, printing both names if not. */
#define CHECK_ERR(e, x)                                                 \
  do {                                                                  \
    cudaError_t got_ = (x);                                             \
    if (got_ == (e))                                                    \
      passed++;                                                         \
    else {                                                              \
      failed++;                                                         \
      printf("FAIL %s:%d: %s => %s, expected %s\n", __FILE__, __LINE__, \
             #x, cudaGetErrorName(got_), cudaGetErrorName(e));          \
    }                                                                   \
  } while (0)

static dim3 d3(unsigned x, unsigned y, unsigned z) {
  dim3 d = {x, y, z};
  return d;
}

static void test_device_properties(void) {
  int n = -1, v = -1, dev = -1;
  struct cudaDeviceProp p;
  CHECK_ERR(cudaSuccess, cudaGetDeviceCount(&n));
  CHECK(n == 1);
  CHECK_ERR(cudaSuccess, cudaGetDevice(&dev));
  CHECK(dev == 0);
  CHECK_ERR(cudaSuccess, cudaSetDevice(0));
  CHECK_ERR(cudaErrorInvalidDevice, cudaSetDevice(1));
  CHECK_ERR(cudaErrorInvalidDevice, cudaGetLastError());
  CHECK_ERR(cudaSuccess, cudaGetLastError());
  CHECK_ERR(cudaSuccess, cudaGetDeviceProperties(&p, 0));
  CHECK(strncmp(p.name, "cuwa CPU (", 10) == 0);
  CHECK(p.warpSize == 32 && p.maxThreadsPerBlock == 1024);
  CHECK(p.maxThreadsDim[0] == 1024 && p.maxThreadsDim[2] == 64);
  CHECK(p.maxGridSize[0] == 2147483647 && p.maxGridSize[1] == 65535);
  CHECK(p.major == 7 && p.minor == 5);
  CHECK(p.sharedMemPerBlock == 49152 && p.totalConstMem == 65536);
  CHECK(p.totalGlobalMem > 0 && p.multiProcessorCount >= 1);
  CHECK(p.unifiedAddressing == 1 && p.managedMemory == 1);
  CHECK_ERR(cudaErrorInvalidDevice, cudaGetDeviceProperties(&p, 3));
  CHECK_ERR(cudaSuccess,
            cudaDeviceGetAttribute(&v, cudaDevAttrComputeCapabilityMajor, 0));
  CHECK(v == 7);
  CHECK_ERR(cudaSuccess,
            cudaDeviceGetAttribute(&v, cudaDevAttrMultiProcessorCount, 0));
  CHECK(v == p.multiProcessorCount);
  CHECK_ERR(cudaSuccess, cudaDeviceGetAttribute(&v, cudaDevAttrClockRate, 0));
  CHECK(v == p.clockRate);
  CHECK_ERR(cudaSuccess, cudaDeviceGetAttribute(
                             &v, cudaDevAttrMaxSharedMemoryPerBlockOptin, 0));
  CHECK(v == 232448);
  CHECK_ERR(cudaErrorInvalidValue,
            cudaDeviceGetAttribute(&v, (enum cudaDeviceAttr)9999, 0));
  CHECK_ERR(cudaErrorInvalidDevice,
            cudaDeviceGetAttribute(&v, cudaDevAttrWarpSize, 1));
  CHECK_ERR(cudaSuccess, cudaDriverGetVersion(&v));
  CHECK(v == 13000);
  CHECK_ERR(cudaSuccess, cudaRuntimeGetVersion(&v));
  CHECK(v == CUDART_VERSION);
  cudaGetLastError();
}

static void test_settings(void) {
  size_t lim = 0, free_b = 0, total = 0;
  unsigned flags = 0;
  int lo = 1, hi = 1;
  CHECK_ERR(cudaSuccess, cudaDeviceGetLimit(&lim, cudaLimitPrintfFifoSize));
  CHECK(lim == 8650752);
  CHECK_ERR(cudaSuccess, cudaDeviceSetLimit(cudaLimitMallocHeapSize, 1 << 26));
  CHECK_ERR(cudaSuccess, cudaDeviceGetLimit(&lim, cudaLimitMallocHeapSize));
  CHECK(lim == 1 << 26);
  CHECK_ERR(cudaErrorInvalidValue, cudaDeviceSetLimit((enum cudaLimit)99, 1));
  CHECK_ERR(cudaSuccess, cudaGetDeviceFlags(&flags));
  CHECK(flags == cudaDeviceMapHost);
  CHECK_ERR(cudaSuccess, cudaSetDeviceFlags(cudaDeviceScheduleBlockingSync));
  CHECK_ERR(cudaSuccess, cudaGetDeviceFlags(&flags));
  CHECK(flags == (cudaDeviceScheduleBlockingSync | cudaDeviceMapHost));
  CHECK_ERR(cudaErrorInvalidValue, cudaSetDeviceFlags(0x100));
  CHECK_ERR(cudaSuccess, cudaDeviceGetStreamPriorityRange(&lo, &hi));
  CHECK(lo == 0 && hi == -5);
  CHECK_ERR(cudaSuccess, cudaMemGetInfo(&free_b, &total));
  CHECK(total > 0 && free_b <= total);
  cudaGetLastError();
}

static void test_error_strings(void) {
  CHECK(strcmp(cudaGetErrorString(cudaSuccess), "no error") == 0);
  CHECK(strcmp(cudaGetErrorName(cudaSuccess), "cudaSuccess") == 0);
  CHECK(strcmp(cudaGetErrorString(cudaErrorInvalidValue),
               "invalid argument") == 0);
  CHECK(strcmp(cudaGetErrorString(cudaErrorMemoryAllocation),
               "out of memory") == 0);
  CHECK(strcmp(cudaGetErrorString(cudaErrorAssert),
               "device-side assert triggered") == 0);
  CHECK(strcmp(cudaGetErrorName(cudaErrorAssert), "cudaErrorAssert") == 0);
  CHECK(strcmp(cudaGetErrorString(cudaErrorInvalidMemcpyDirection),
               "invalid copy direction for memcpy") == 0);
  CHECK(strcmp(cudaGetErrorString(cudaErrorNoDevice),
               "no CUDA-capable device is detected") == 0);
  CHECK(strcmp(cudaGetErrorString(cudaErrorLaunchFailure),
               "unspecified launch failure") == 0);
  CHECK(strcmp(cudaGetErrorName(cudaErrorUnknown), "cudaErrorUnknown") == 0);
  CHECK(strcmp(cudaGetErrorString((cudaError_t)10), "unrecognized error code") == 0);
  CHECK(strcmp(cudaGetErrorName((cudaError_t)-1), "unrecognized error code") == 0);
  CHECK(cudaErrorInvalidSymbol == 13 && cudaErrorInvalidDevicePointer == 17);
  CHECK(cudaErrorInvalidDeviceFunction == 98 && cudaErrorNotSupported == 801);
}

static void test_memory(void) {
  void *p = (void *)1, *h = NULL;
  int host = 0, buf[64];
  CHECK_ERR(cudaSuccess, cudaMalloc(&p, 0));
  CHECK(p == NULL);
  CHECK_ERR(cudaErrorInvalidValue, cudaMalloc(NULL, 16));
  CHECK_ERR(cudaSuccess, cudaFree(NULL));
  CHECK_ERR(cudaErrorInvalidValue, cudaFree(&host));
  CHECK_ERR(cudaSuccess, cudaMalloc(&p, 1024));
  CHECK(((uintptr_t)p & 255) == 0);
  CHECK_ERR(cudaErrorInvalidValue, cudaFree((char *)p + 16));
  CHECK_ERR(cudaErrorInvalidMemcpyDirection,
            cudaMemcpy(p, buf, 4, (enum cudaMemcpyKind)7));
  CHECK_ERR(cudaErrorInvalidMemcpyDirection, cudaGetLastError());
  CHECK_ERR(cudaSuccess, cudaGetLastError());
  CHECK_ERR(cudaErrorInvalidValue,
            cudaMemcpy(NULL, buf, 4, cudaMemcpyHostToDevice));
  CHECK_ERR(cudaSuccess, cudaMemcpy(p, buf, 0, cudaMemcpyHostToDevice));
  for (int i = 0; i < 64; i++)
    buf[i] = i;
  CHECK_ERR(cudaSuccess, cudaMemcpy(p, buf, sizeof buf, cudaMemcpyDefault));
  CHECK_ERR(cudaSuccess, cudaMemset((char *)p + 4, 0xff, 4));
  memset(buf, 0, sizeof buf);
  CHECK_ERR(cudaSuccess, cudaMemcpy(buf, p, sizeof buf, cudaMemcpyDeviceToHost));
  CHECK(buf[0] == 0 && buf[1] == -1 && buf[63] == 63);
  CHECK_ERR(cudaSuccess, cudaFree(p));
  CHECK_ERR(cudaErrorInvalidValue, cudaFree(p)); /* twice */
  CHECK_ERR(cudaSuccess, cudaMallocHost(&h, 64));
  CHECK_ERR(cudaErrorInvalidValue, cudaFree(h));
  void *dptr = NULL;
  CHECK_ERR(cudaSuccess, cudaHostGetDevicePointer(&dptr, h, 0));
  CHECK(dptr == h);
  struct cudaPointerAttributes attr;
  CHECK_ERR(cudaSuccess, cudaPointerGetAttributes(&attr, h));
  CHECK(attr.type == cudaMemoryTypeHost);
  CHECK_ERR(cudaSuccess, cudaFreeHost(h));
  CHECK_ERR(cudaErrorInvalidValue, cudaFreeHost(&host));
  CHECK_ERR(cudaSuccess, cudaMallocManaged(&p, 0, cudaMemAttachGlobal)); /* as CUDA */
  CHECK_ERR(cudaSuccess, cudaMallocManaged(&p, 256, cudaMemAttachGlobal));
  ((int *)p)[3] = 7; /* host access to managed memory */
  CHECK_ERR(cudaSuccess, cudaPointerGetAttributes(&attr, (int *)p + 3));
  CHECK(attr.type == cudaMemoryTypeManaged);
  CHECK_ERR(cudaSuccess, cudaFree(p));
  CHECK_ERR(cudaSuccess, cudaPointerGetAttributes(&attr, &host));
  CHECK(attr.type == cudaMemoryTypeUnregistered);
  size_t pitch = 0;
  CHECK_ERR(cudaSuccess, cudaMallocPitch(&p, &pitch, 100, 3));
  CHECK(pitch == 512);
  CHECK_ERR(cudaSuccess, cudaMemcpy2D(p, pitch, buf, 16, 16, 3,
                                      cudaMemcpyHostToDevice));
  CHECK_ERR(cudaErrorInvalidPitchValue,
            cudaMemcpy2D(p, pitch, buf, 8, 16, 3, cudaMemcpyHostToDevice));
  CHECK_ERR(cudaSuccess, cudaFree(p));
  CHECK_ERR(cudaSuccess, cudaHostRegister(buf, sizeof buf, 0));
  CHECK_ERR(cudaErrorHostMemoryAlreadyRegistered,
            cudaHostRegister(buf, sizeof buf, 0));
  CHECK_ERR(cudaSuccess, cudaHostUnregister(buf));
  CHECK_ERR(cudaErrorHostMemoryNotRegistered, cudaHostUnregister(buf));
  cudaGetLastError();
}

/* vadd on n elements with blocks of bs threads; 1 if every sum is right */
static int run_vadd(int n, unsigned bs) {
  size_t bytes = (size_t)n * sizeof(float);
  float *a = malloc(bytes), *b = malloc(bytes), *c = malloc(bytes);
  float *da, *db, *dc;
  int ok = 1;
  for (int i = 0; i < n; i++)
    a[i] = (float)i, b[i] = 2.0f * (float)i;
  cudaMalloc((void **)&da, bytes);
  cudaMalloc((void **)&db, bytes);
  cudaMalloc((void **)&dc, bytes);
  cudaMemcpy(da, a, bytes, cudaMemcpyHostToDevice);
  cudaMemcpy(db, b, bytes, cudaMemcpyHostToDevice);
  cudaMemset(dc, 0, bytes);
  LAUNCH(vadd, d3((n + bs - 1) / bs, 1, 1), d3(bs, 1, 1), 0, 0, da, db, dc, n);
  ok = cudaGetLastError() == cudaSuccess && cudaDeviceSynchronize() == cudaSuccess;
  cudaMemcpy(c, dc, bytes, cudaMemcpyDeviceToHost);
  for (int i = 0; i < n && ok; i++)
    ok = c[i] == 3.0f * (float)i;
  cudaFree(da), cudaFree(db), cudaFree(dc);
  free(a), free(b), free(c);
  return ok;
}

static void test_launch(void) {
  CHECK(run_vadd(1, 32));          /* one block: runs on the caller */
  CHECK(run_vadd(1000, 256));
  CHECK(run_vadd(1 << 20, 128));   /* 8192 blocks over the pool */
  CHECK(run_vadd(100003, 1024));
  /* odd parameter layout */
  double *out, r = 0;
  cudaMalloc((void **)&out, sizeof(double));
  LAUNCH(mixed, d3(1, 1, 1), d3(1, 1, 1), 0, 0, (char)3, 0.5, 100000, (short)-7, out);
  cudaMemcpy(&r, out, sizeof r, cudaMemcpyDeviceToHost);
  CHECK(r == 3 + 0.5 + 100000 - 7);
  cudaFree(out);
  /* cudaLaunchKernel through the stub's address */
  float ha[3] = {1, 2, 3}, hc[3] = {0};
  float *dv;
  int n = 3;
  cudaMalloc((void **)&dv, sizeof ha);
  cudaMemcpy(dv, ha, sizeof ha, cudaMemcpyHostToDevice);
  void *args[] = {&dv, &dv, &dv, &n};
  CHECK_ERR(cudaSuccess, cudaLaunchKernel((const void *)vadd, d3(1, 1, 1),
                                          d3(4, 1, 1), args, 0, 0));
  cudaMemcpy(hc, dv, sizeof hc, cudaMemcpyDeviceToHost);
  CHECK(hc[0] == 2 && hc[2] == 6);
  CHECK_ERR(cudaErrorInvalidResourceHandle,
            cudaLaunchKernel((const void *)&n, d3(1, 1, 1), d3(1, 1, 1), args,
                             0, 0));
  CHECK_ERR(cudaErrorInvalidResourceHandle, cudaGetLastError());
  cudaFree(dv);
  struct cudaFuncAttributes fa;
  CHECK_ERR(cudaSuccess, cudaFuncGetAttributes(&fa, (const void *)reverse));
  CHECK(fa.sharedSizeBytes == 256 && fa.maxThreadsPerBlock == 1024);
  CHECK(fa.maxDynamicSharedSizeBytes == 49152 - 256);
  CHECK_ERR(cudaErrorInvalidResourceHandle,
            cudaFuncGetAttributes(&fa, (const void *)&n));
  int blocks = 0;
  CHECK_ERR(cudaSuccess, cudaOccupancyMaxActiveBlocksPerMultiprocessor(
                             &blocks, (const void *)vadd, 256, 0));
  CHECK(blocks == 8);
  cudaGetLastError();
}

/* Every thread of a 3-D grid runs exactly once, with the right indices. */
static void test_grid_coverage(void) {
  dim3 g = d3(3, 4, 5), b = d3(2, 3, 4);
  int total = 3 * 4 * 5 * 2 * 3 * 4, ok = 1;
  int *counts, *ids, *hc = calloc((size_t)total, sizeof(int));
  int *hi = calloc((size_t)total, sizeof(int));
  cudaMalloc((void **)&counts, (size_t)total * sizeof(int));
  cudaMalloc((void **)&ids, (size_t)total * sizeof(int));
  cudaMemset(counts, 0, (size_t)total * sizeof(int));
  LAUNCH(count, g, b, 0, 0, counts, ids);
  cudaMemcpy(hc, counts, (size_t)total * sizeof(int), cudaMemcpyDeviceToHost);
  cudaMemcpy(hi, ids, (size_t)total * sizeof(int), cudaMemcpyDeviceToHost);
  for (int i = 0; i < total; i++) {
    int blk = i / 24, bx = blk % 3, by = blk / 3 % 4, bz = blk / 12;
    ok &= hc[i] == 1 && hi[i] == (bx | by << 10 | bz << 20);
  }
  CHECK(ok);
  cudaFree(counts), cudaFree(ids);
  free(hc), free(hi);
  /* a million one-thread blocks: chunked dynamic scheduling */
  int n = 1000000;
  hc = calloc((size_t)n, sizeof(int));
  cudaMalloc((void **)&counts, (size_t)n * sizeof(int));
  cudaMemset(counts, 0, (size_t)n * sizeof(int));
  LAUNCH(count, d3(1000, 1000, 1), d3(1, 1, 1), 0, 0, counts, NULL);
  cudaMemcpy(hc, counts, (size_t)n * sizeof(int), cudaMemcpyDeviceToHost);
  ok = 1;
  for (int i = 0; i < n; i++)
    ok &= hc[i] == 1;
  CHECK(ok);
  cudaFree(counts);
  free(hc);
}

static void test_shared_memory(void) {
  enum { BS = 128, NB = 64 };
  int h[BS * NB], *d;
  for (int i = 0; i < BS * NB; i++)
    h[i] = i;
  cudaMalloc((void **)&d, sizeof h);
  cudaMemcpy(d, h, sizeof h, cudaMemcpyHostToDevice);
  LAUNCH(reverse, d3(NB, 1, 1), d3(BS, 1, 1), BS * sizeof(int), 0, d);
  CHECK_ERR(cudaSuccess, cudaGetLastError());
  cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost);
  int ok = 1;
  for (int blk = 0; blk < NB; blk++)
    for (int t = 0; t < BS; t++)
      ok &= h[blk * BS + t] == blk * BS + (BS - 1 - t);
  CHECK(ok);
  cudaFree(d);
}

/* Each bad configuration: cudaErrorInvalidValue, nothing runs, and the
 * next launch works (H100, CUDA 13.0). */
static void test_bad_launches(void) {
  struct { dim3 g, b; size_t shared; } bad[] = {
      {{1, 1, 1}, {1025, 1, 1}, 0}, {{1, 1, 1}, {2048, 1, 1}, 0},
      {{1, 1, 1}, {32, 32, 2}, 0},  {{0, 1, 1}, {32, 1, 1}, 0},
      {{1, 1, 1}, {0, 1, 1}, 0},    {{1, 1, 1}, {1, 1, 128}, 0},
      {{1, 70000, 1}, {1, 1, 1}, 0}, {{1, 1, 70000}, {1, 1, 1}, 0},
      {{1, 1, 1}, {1, 1, 1}, 1 << 20}, {{1, 1, 1}, {1, 1, 1}, 49153},
  };
  int *counts, h = 0;
  cudaMalloc((void **)&counts, 2 * sizeof(int)); /* 2: the opt-in launch */
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    cudaMemset(counts, 0, sizeof(int));
    LAUNCH(count, bad[i].g, bad[i].b, bad[i].shared, 0, counts, NULL);
    CHECK_ERR(cudaErrorInvalidValue, cudaGetLastError());
    cudaMemcpy(&h, counts, sizeof h, cudaMemcpyDeviceToHost);
    CHECK(h == 0);
    LAUNCH(count, d3(1, 1, 1), d3(1, 1, 1), 49152, 0, counts, NULL);
    CHECK_ERR(cudaSuccess, cudaGetLastError());
    cudaMemcpy(&h, counts, sizeof h, cudaMemcpyDeviceToHost);
    CHECK(h == 1);
  }
  CHECK_ERR(cudaSuccess, cudaDeviceSynchronize());
  /* opting in to more dynamic shared memory */
  CHECK_ERR(cudaErrorInvalidValue,
            cudaFuncSetAttribute((const void *)count,
                                 cudaFuncAttributeMaxDynamicSharedMemorySize,
                                 232449));
  CHECK_ERR(cudaSuccess,
            cudaFuncSetAttribute((const void *)count,
                                 cudaFuncAttributeMaxDynamicSharedMemorySize,
                                 100000));
  cudaGetLastError();
  LAUNCH(count, d3(2, 1, 1), d3(1, 1, 1), 100000, 0, counts, NULL);
  CHECK_ERR(cudaSuccess, cudaGetLastError());
  LAUNCH(count, d3(1, 1, 1), d3(1, 1, 1), 100001, 0, counts, NULL);
  CHECK_ERR(cudaErrorInvalidValue, cudaGetLastError());
  cudaFree(counts);
  /* a stub called without <<<>>> */
  empty();
  CHECK_ERR(cudaErrorMissingConfiguration, cudaGetLastError());
}

static void test_symbols(void) {
  int table[4] = {10, 20, 30, 40}, back[4] = {0};
  float scale = 2.0f, in[8], out[8], *din, *dout;
  void *addr = NULL;
  size_t size = 0;
  int unknown = 0;
  CHECK_ERR(cudaSuccess, cudaMemcpyToSymbol(dev_table, table, sizeof table, 0,
                                            cudaMemcpyHostToDevice));
  CHECK_ERR(cudaSuccess, cudaMemcpyToSymbol(&dev_scale, &scale, sizeof scale, 0,
                                            cudaMemcpyHostToDevice));
  for (int i = 0; i < 8; i++)
    in[i] = (float)i;
  cudaMalloc((void **)&din, sizeof in);
  cudaMalloc((void **)&dout, sizeof out);
  cudaMemcpy(din, in, sizeof in, cudaMemcpyHostToDevice);
  LAUNCH(scale_add, d3(2, 1, 1), d3(4, 1, 1), 0, 0, din, dout, 8);
  cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost);
  CHECK(out[0] == 10 && out[5] == 10 + 20 && out[7] == 14 + 40);
  CHECK_ERR(cudaSuccess, cudaMemcpyToSymbol(dev_table, &table[0], sizeof(int),
                                            3 * sizeof(int),
                                            cudaMemcpyHostToDevice));
  CHECK_ERR(cudaSuccess, cudaMemcpyFromSymbol(back, dev_table, sizeof back, 0,
                                              cudaMemcpyDeviceToHost));
  CHECK(back[0] == 10 && back[3] == 10);
  CHECK_ERR(cudaErrorInvalidValue,
            cudaMemcpyToSymbol(dev_table, table, 4, 16, cudaMemcpyHostToDevice));
  CHECK_ERR(cudaSuccess,
            cudaMemcpyToSymbol(dev_table, table, 4, 12, cudaMemcpyHostToDevice));
  CHECK_ERR(cudaErrorInvalidMemcpyDirection,
            cudaMemcpyToSymbol(dev_table, table, 4, 0, cudaMemcpyDeviceToHost));
  CHECK_ERR(cudaErrorInvalidSymbol,
            cudaMemcpyToSymbol(&unknown, table, 4, 0, cudaMemcpyHostToDevice));
  CHECK_ERR(cudaSuccess, cudaGetSymbolAddress(&addr, dev_table));
  CHECK(addr != NULL && addr != (void *)dev_table);
  CHECK_ERR(cudaSuccess, cudaGetSymbolSize(&size, &dev_scale));
  CHECK(size == sizeof(float));
  CHECK_ERR(cudaSuccess, cudaMemcpyFromSymbol(back, dev_table, 4, 0,
                                              cudaMemcpyDefault));
  cudaFree(din), cudaFree(dout);
  cudaGetLastError();
}

static void spin_ms(double ms) {
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  do
    clock_gettime(CLOCK_MONOTONIC, &b);
  while ((double)(b.tv_sec - a.tv_sec) * 1e3 +
             (double)(b.tv_nsec - a.tv_nsec) / 1e6 < ms);
}

static void test_streams_events(void) {
  cudaStream_t s;
  cudaEvent_t a, b, c;
  float ms = -1;
  unsigned flags = 7;
  CHECK_ERR(cudaSuccess, cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
  CHECK_ERR(cudaSuccess, cudaStreamGetFlags(s, &flags));
  CHECK(flags == cudaStreamNonBlocking);
  int *counts, h = 0;
  cudaMalloc((void **)&counts, sizeof(int));
  cudaMemsetAsync(counts, 0, sizeof(int), s);
  LAUNCH(count, d3(1, 1, 1), d3(1, 1, 1), 0, s, counts, NULL);
  CHECK_ERR(cudaSuccess, cudaMemcpyAsync(&h, counts, sizeof h,
                                         cudaMemcpyDeviceToHost, s));
  CHECK_ERR(cudaSuccess, cudaStreamSynchronize(s));
  CHECK(h == 1);
  CHECK_ERR(cudaSuccess, cudaStreamQuery(s));
  CHECK_ERR(cudaSuccess, cudaStreamQuery(0));
  CHECK_ERR(cudaSuccess, cudaStreamDestroy(s));
  CHECK_ERR(cudaErrorInvalidResourceHandle, cudaStreamDestroy(s));
  LAUNCH(count, d3(1, 1, 1), d3(1, 1, 1), 0, s, counts, NULL);
  CHECK_ERR(cudaErrorInvalidResourceHandle, cudaGetLastError());
  cudaFree(counts);
  CHECK_ERR(cudaSuccess, cudaEventCreate(&a));
  CHECK_ERR(cudaSuccess, cudaEventCreateWithFlags(&b, cudaEventBlockingSync));
  CHECK_ERR(cudaSuccess, cudaEventQuery(a));
  CHECK_ERR(cudaErrorInvalidResourceHandle, cudaEventElapsedTime(&ms, a, b));
  CHECK_ERR(cudaSuccess, cudaEventRecord(a, 0));
  CHECK_ERR(cudaErrorInvalidResourceHandle, cudaEventElapsedTime(&ms, a, b));
  spin_ms(5);
  CHECK_ERR(cudaSuccess, cudaEventRecord(b, 0));
  CHECK_ERR(cudaSuccess, cudaEventSynchronize(b));
  CHECK_ERR(cudaSuccess, cudaEventElapsedTime(&ms, a, b));
  CHECK(ms >= 4.9f && ms < 1000.0f);
  CHECK_ERR(cudaErrorInvalidValue, cudaEventElapsedTime(NULL, a, b));
  CHECK_ERR(cudaSuccess, cudaEventCreateWithFlags(&c, cudaEventDisableTiming));
  CHECK_ERR(cudaSuccess, cudaEventRecord(c, 0));
  CHECK_ERR(cudaErrorInvalidResourceHandle, cudaEventElapsedTime(&ms, c, b));
  CHECK_ERR(cudaSuccess, cudaStreamWaitEvent(0, c, 0));
  CHECK_ERR(cudaSuccess, cudaEventDestroy(a));
  CHECK_ERR(cudaSuccess, cudaEventDestroy(b));
  CHECK_ERR(cudaSuccess, cudaEventDestroy(c));
  CHECK_ERR(cudaErrorInvalidResourceHandle, cudaEventDestroy(c));
  cudaGetLastError();
}

static void *launch_from_thread(void *arg) {
  int *ok = arg;
  for (int i = 0; i < 50; i++)
    *ok &= run_vadd(5000, 128);
  return NULL;
}

static void test_host_threads(void) {
  pthread_t t[3];
  int ok[3] = {1, 1, 1};
  for (int i = 0; i < 3; i++)
    pthread_create(&t[i], NULL, launch_from_thread, &ok[i]);
  for (int i = 0; i < 3; i++)
    pthread_join(t[i], NULL);
  CHECK(ok[0] && ok[1] && ok[2]);
}

static void test_printf(void) {
  fflush(stdout);
  LAUNCH(say, d3(1, 1, 1), d3(1, 1, 1), 0, 0, 42);
  CHECK_ERR(cudaSuccess, cudaDeviceSynchronize());
}

static int compare_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Median of 10,000 empty launches + cudaDeviceSynchronize, in us. */
static double measure_launch_latency(dim3 grid) {
  enum { N = 10000 };
  static double t[N];
  for (int i = 0; i < N; i++) {
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    LAUNCH(empty, grid, d3(1, 1, 1), 0, 0, );
    cudaDeviceSynchronize();
    clock_gettime(CLOCK_MONOTONIC, &b);
    t[i] = (double)(b.tv_sec - a.tv_sec) * 1e6 +
           (double)(b.tv_nsec - a.tv_nsec) / 1e3;
  }
  qsort(t, N, sizeof t[0], compare_double);
  return t[N / 2];
}

static void test_latency(void) {
  double one = measure_launch_latency(d3(1, 1, 1));
  double many = measure_launch_latency(d3(64, 1, 1));
  printf("launch latency (empty kernel + cudaDeviceSynchronize, median of "
         "10000): 1 block %.2f us, 64 blocks %.2f us\n", one, many);
  CHECK(one < 50.0);
}

/* Last: the assert makes the context unusable until cudaDeviceReset. */
static void test_assert(void) {
  void *p = NULL;
  int *counts, h = 0;
  cudaMalloc((void **)&counts, sizeof(int));
  cudaMemset(counts, 0, sizeof(int));
  printf("(an assertion message on stderr is expected next)\n");
  fflush(stdout);
  LAUNCH(check, d3(4, 1, 1), d3(4, 1, 1), 0, 0, 3u);
  CHECK_ERR(cudaSuccess, cudaGetLastError());   /* not reported yet */
  CHECK_ERR(cudaErrorAssert, cudaDeviceSynchronize());
  CHECK_ERR(cudaErrorAssert, cudaGetLastError());
  CHECK_ERR(cudaSuccess, cudaGetLastError());   /* as CUDA 13 does */
  CHECK_ERR(cudaErrorAssert, cudaMalloc(&p, 16));
  LAUNCH(count, d3(1, 1, 1), d3(1, 1, 1), 0, 0, counts, NULL);
  CHECK_ERR(cudaErrorAssert, cudaGetLastError());
  CHECK_ERR(cudaErrorAssert, cudaMemcpy(&h, counts, 4, cudaMemcpyDeviceToHost));
  CHECK_ERR(cudaSuccess, cudaDeviceReset());
  CHECK_ERR(cudaSuccess, cudaMalloc(&p, 16));
  CHECK_ERR(cudaSuccess, cudaFree(p));
  CHECK(run_vadd(1000, 128));
  CHECK_ERR(cudaErrorInvalidValue, cudaFree(counts)); /* reset freed it */
  cudaGetLastError();
}

static void test_no_device_child(void) {
  int n = 5;
  void *p;
  CHECK_ERR(cudaErrorNoDevice, cudaGetDeviceCount(&n));
  CHECK(n == 0);
  CHECK_ERR(cudaErrorNoDevice, cudaMalloc(&p, 16));
  CHECK_ERR(cudaErrorNoDevice, cudaGetLastError());
}

/* Runs this program again with one more environment variable. */
static int run_child(const char *self, const char *env, const char *arg) {
  char *argv[] = {(char *)self, (char *)arg, NULL};
  int n = 0;
  while (environ[n])
    n++;
  char **envp = calloc((size_t)n + 2, sizeof *envp);
  size_t name = strcspn(env, "=") + 1, k = 0;
  for (int i = 0; i < n; i++) /* env replaces the parent's value */
    if (strncmp(environ[i], env, name) != 0)
      envp[k++] = environ[i];
  envp[k] = (char *)env;
  pid_t pid;
  int status = -1;
  fflush(stdout);
  if (posix_spawn(&pid, "/proc/self/exe", NULL, NULL, argv, envp) == 0)
    waitpid(pid, &status, 0);
  free(envp);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* The C++ side: cuda_runtime.h with <iostream> and <vector> under
 * g++ -std=c++17 -Wall -Wextra -Werror, plain and with __CUWA_HOST_FINAL__,
 * built against the library tests/run built (RUN_BUILD) or build/. */
static int run_cxx_checks(void) {
  const char *build = getenv("RUN_BUILD");
  char lib[512], cmd[2048];
  snprintf(lib, sizeof lib, "%s/lib/libcuwa.a", build && *build ? build : "build");
  FILE *f = fopen("tests/unit/test_runtime_cxx.cpp", "r");
  FILE *l = fopen(lib, "r");
  if (!f || !l) {
    printf("  (C++ checks skipped: run from the repository root with %s built)\n",
           lib);
    if (f)
      fclose(f);
    if (l)
      fclose(l);
    return 1;
  }
  fclose(f), fclose(l);
  /* a sanitizer build's library needs its runtime at link time */
  char san[256] = "", san_path[600];
  snprintf(san_path, sizeof san_path, "%s/sanitize-flags", build && *build ? build : "build");
  FILE *s = fopen(san_path, "r");
  if (s) {
    if (!fgets(san, sizeof san, s)) san[0] = 0;
    san[strcspn(san, "\n")] = 0;
    fclose(s);
  }
  const char *modes[] = {"", "-D__CUWA_HOST_FINAL__"};
  int ok = 1;
  for (int i = 0; i < 2; i++) {
    int id = (int)getpid();
    snprintf(cmd, sizeof cmd,
             "cc -std=c11 -O1 -D_GNU_SOURCE -Iinclude -c "
             "tests/unit/runtime_fake_module.c -o /tmp/cuwa_rt_%d.o && "
             "c++ -std=c++17 -Wall -Wextra -Werror %s %s -Iinclude "
             "tests/unit/test_runtime_cxx.cpp /tmp/cuwa_rt_%d.o %s "
             "-lpthread -lm -o /tmp/cuwa_rt_%d && "
             "/tmp/cuwa_rt_%d >/tmp/cuwa_rt_%d.out; s=$?; "
             "sed 's/^/  c++ %s: /' /tmp/cuwa_rt_%d.out; "
             "rm -f /tmp/cuwa_rt_%d /tmp/cuwa_rt_%d.o /tmp/cuwa_rt_%d.out; "
             "exit $s",
             id, modes[i], san, id, lib, id, id, id, modes[i], id, id, id, id);
    fflush(stdout);
    ok &= system(cmd) == 0;
  }
  return ok;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  if (strcmp(mode, "--no-device") == 0) {
    test_no_device_child();
  } else {
    setenv("CUWA_DEVICE", "cpu", 0); /* one device, whatever the machine has */
    test_device_properties();
    test_settings();
    test_error_strings();
    test_memory();
    test_launch();
    test_grid_coverage();
    test_shared_memory();
    test_bad_launches();
    test_symbols();
    test_streams_events();
    test_host_threads();
    test_printf();
    if (strcmp(mode, "--child") != 0)
      test_latency();
    test_assert();
  }
  if (mode[0]) {
    printf("  child %s: %d passed, %d failed\n", mode, passed, failed);
    return failed != 0;
  }
  CHECK(run_child(argv[0], "CUWA_CPU_THREADS=5", "--child"));
  CHECK(run_child(argv[0], "CUWA_DEVICE=no-such-device", "--no-device"));
  CHECK(run_cxx_checks());
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
