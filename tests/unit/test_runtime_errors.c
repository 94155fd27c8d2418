/* test_runtime_errors.c: the CUDA Runtime API of libcuwa called with bad
 * arguments (null pointers, freed and foreign pointers, double frees, huge
 * sizes, invalid copy kinds and flags, destroyed streams and events, bad
 * device ordinals and attributes). Each call must return CUDA 13's exact
 * error code (docs/runtime.md; numeric values as in CUDA's driver_types.h)
 * and never crash, and a failed call must leave the runtime usable. Run
 * under make SAN=1 it also checks that none of it leaks or corrupts memory.
 * It does not test launches (test_runtime.c does). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cuda_runtime.h"

static int passed, failed;

/* CHECK that x returns cudaError_t e, printing both names if not. */
#define CHECK_ERR(e, x)                                                        \
  do {                                                                         \
    cudaError_t got_ = (x);                                                    \
    if (got_ == (e)) {                                                         \
      passed++;                                                                \
    } else {                                                                   \
      failed++;                                                                \
      printf("FAIL %s:%d: %s => %s, expected %s\n", __FILE__, __LINE__, #x,    \
             cudaGetErrorName(got_), cudaGetErrorName(e));                     \
    }                                                                          \
  } while (0)

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (cond) {                                                                \
      passed++;                                                                \
    } else {                                                                   \
      failed++;                                                                \
      printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                   \
    }                                                                          \
  } while (0)

/* The codes this file expects, with CUDA 13's values (driver_types.h). */
static void test_error_values(void) {
  CHECK(cudaErrorInvalidValue == 1);
  CHECK(cudaErrorMemoryAllocation == 2);
  CHECK(cudaErrorInvalidPitchValue == 12);
  CHECK(cudaErrorInvalidSymbol == 13);
  CHECK(cudaErrorInvalidMemcpyDirection == 21);
  CHECK(cudaErrorInvalidDevice == 101);
  CHECK(cudaErrorInvalidResourceHandle == 400);
  CHECK(cudaErrorHostMemoryAlreadyRegistered == 712);
  CHECK(cudaErrorHostMemoryNotRegistered == 713);
  CHECK(strcmp(cudaGetErrorString((cudaError_t)12345), "unrecognized error code") == 0);
  CHECK(strcmp(cudaGetErrorString(cudaErrorInvalidValue), "invalid argument") == 0);
  CHECK(strcmp(cudaGetErrorName(cudaErrorInvalidDevice), "cudaErrorInvalidDevice") == 0);
}

static void test_device_args(void) {
  struct cudaDeviceProp prop;
  int v = -1;
  CHECK_ERR(cudaErrorInvalidValue, cudaGetDeviceCount(NULL));
  CHECK_ERR(cudaErrorInvalidValue, cudaGetDevice(NULL));
  CHECK_ERR(cudaErrorInvalidDevice, cudaSetDevice(99));
  CHECK_ERR(cudaErrorInvalidDevice, cudaSetDevice(-1));
  CHECK_ERR(cudaErrorInvalidValue, cudaGetDeviceProperties(NULL, 0));
  CHECK_ERR(cudaErrorInvalidDevice, cudaGetDeviceProperties(&prop, 99));
  CHECK_ERR(cudaErrorInvalidDevice, cudaGetDeviceProperties(&prop, -1));
  CHECK_ERR(cudaErrorInvalidValue, cudaDeviceGetAttribute(NULL, cudaDevAttrWarpSize, 0));
  CHECK_ERR(cudaErrorInvalidDevice, cudaDeviceGetAttribute(&v, cudaDevAttrWarpSize, 99));
  CHECK_ERR(cudaErrorInvalidValue, cudaDeviceGetAttribute(&v, (enum cudaDeviceAttr)100000, 0));
  CHECK_ERR(cudaErrorInvalidValue, cudaSetDeviceFlags(0x1000));
  CHECK_ERR(cudaErrorInvalidValue, cudaGetDeviceFlags(NULL));
  CHECK_ERR(cudaErrorInvalidValue, cudaDeviceGetLimit(NULL, cudaLimitStackSize));
  /* the device still works after all that, and the last error is the last one */
  CHECK_ERR(cudaErrorInvalidValue, cudaGetLastError());
  CHECK_ERR(cudaSuccess, cudaGetLastError());
  CHECK_ERR(cudaSuccess, cudaSetDevice(0));
  CHECK_ERR(cudaSuccess, cudaGetDevice(&v));
  CHECK(v == 0);
}

static void test_alloc_args(void) {
  void *p = (void *)1;
  CHECK_ERR(cudaErrorInvalidValue, cudaMalloc(NULL, 16));
  CHECK_ERR(cudaErrorMemoryAllocation, cudaMalloc(&p, SIZE_MAX));
  CHECK_ERR(cudaErrorMemoryAllocation, cudaMalloc(&p, SIZE_MAX / 2));
  CHECK_ERR(cudaSuccess, cudaMalloc(&p, 0));
  CHECK(p == NULL);
  CHECK_ERR(cudaErrorInvalidValue, cudaMallocHost(NULL, 16));
  CHECK_ERR(cudaErrorInvalidValue, cudaHostAlloc(&p, 16, 0x100));
  CHECK_ERR(cudaErrorInvalidValue, cudaMallocManaged(&p, 16, 0x100));
  CHECK_ERR(cudaSuccess, cudaMallocManaged(&p, 0, cudaMemAttachGlobal)); /* as CUDA (H100) */
  size_t pitch;
  CHECK_ERR(cudaErrorInvalidValue, cudaMallocPitch(&p, NULL, 16, 16));
  CHECK_ERR(cudaErrorInvalidValue, cudaMallocPitch(NULL, &pitch, 16, 16));
  CHECK_ERR(cudaErrorInvalidValue, cudaMemGetInfo(NULL, NULL));
}

static void test_free_args(void) {
  void *d = NULL, *h = NULL;
  int local = 0;
  char *heap = malloc(32);
  CHECK_ERR(cudaSuccess, cudaFree(NULL));
  CHECK_ERR(cudaSuccess, cudaMalloc(&d, 64));
  CHECK_ERR(cudaErrorInvalidValue, cudaFree((char *)d + 8));  /* interior pointer */
  CHECK_ERR(cudaErrorInvalidValue, cudaFree(&local));         /* stack memory */
  CHECK_ERR(cudaErrorInvalidValue, cudaFree(heap));           /* malloc memory */
  CHECK_ERR(cudaErrorInvalidValue, cudaFreeHost(d));          /* device memory */
  CHECK_ERR(cudaSuccess, cudaFree(d));
  CHECK_ERR(cudaErrorInvalidValue, cudaFree(d));              /* double free */
  CHECK_ERR(cudaSuccess, cudaMallocHost(&h, 64));
  CHECK_ERR(cudaErrorInvalidValue, cudaFree(h));              /* pinned host memory */
  CHECK_ERR(cudaSuccess, cudaFreeHost(h));
  CHECK_ERR(cudaErrorInvalidValue, cudaFreeHost(h));          /* twice */
  CHECK_ERR(cudaErrorInvalidValue, cudaFreeHost(heap));
  CHECK_ERR(cudaErrorHostMemoryNotRegistered, cudaHostUnregister(heap));
  CHECK_ERR(cudaErrorInvalidValue, cudaHostRegister(NULL, 32, 0));
  CHECK_ERR(cudaErrorInvalidValue, cudaHostRegister(heap, 0, 0));
  CHECK_ERR(cudaErrorInvalidValue, cudaHostRegister(heap, 32, 0x100));
  CHECK_ERR(cudaSuccess, cudaHostRegister(heap, 32, 0));
  CHECK_ERR(cudaErrorHostMemoryAlreadyRegistered, cudaHostRegister(heap, 32, 0));
  CHECK_ERR(cudaSuccess, cudaHostUnregister(heap));
  CHECK_ERR(cudaErrorHostMemoryNotRegistered, cudaHostUnregister(heap));
  unsigned flags;
  CHECK_ERR(cudaErrorInvalidValue, cudaHostGetFlags(&flags, heap));
  CHECK_ERR(cudaErrorInvalidValue, cudaHostGetFlags(NULL, heap));
  CHECK_ERR(cudaErrorInvalidValue, cudaHostGetDevicePointer(&d, heap, 0));
  CHECK_ERR(cudaErrorInvalidValue, cudaPointerGetAttributes(NULL, heap));
  free(heap);
}

static void test_copy_args(void) {
  char host[64] = {0};
  void *d = NULL;
  cudaStream_t s = NULL;
  CHECK_ERR(cudaSuccess, cudaMalloc(&d, sizeof host));
  CHECK_ERR(cudaErrorInvalidMemcpyDirection,
            cudaMemcpy(d, host, 8, (enum cudaMemcpyKind)7));
  CHECK_ERR(cudaErrorInvalidMemcpyDirection,
            cudaMemcpy(d, host, 8, (enum cudaMemcpyKind)-1));
  CHECK_ERR(cudaErrorInvalidValue, cudaMemcpy(NULL, host, 8, cudaMemcpyHostToDevice));
  CHECK_ERR(cudaErrorInvalidValue, cudaMemcpy(host, NULL, 8, cudaMemcpyDeviceToHost));
  CHECK_ERR(cudaSuccess, cudaMemcpy(NULL, NULL, 0, cudaMemcpyHostToDevice));
  CHECK_ERR(cudaErrorInvalidValue, cudaMemset(NULL, 0, 8));
  CHECK_ERR(cudaSuccess, cudaMemset(NULL, 0, 0));
  CHECK_ERR(cudaErrorInvalidPitchValue,
            cudaMemcpy2D(d, 8, host, 8, 16, 2, cudaMemcpyHostToDevice));
  CHECK_ERR(cudaErrorInvalidMemcpyDirection,
            cudaMemcpy2D(d, 16, host, 16, 16, 2, (enum cudaMemcpyKind)9));
  CHECK_ERR(cudaErrorInvalidDevice, cudaMemcpyPeer(d, 1, host, 0, 8));
  /* a destroyed stream is a bad handle for every async call */
  CHECK_ERR(cudaSuccess, cudaStreamCreate(&s));
  CHECK_ERR(cudaSuccess, cudaMemcpyAsync(d, host, 8, cudaMemcpyHostToDevice, s));
  CHECK_ERR(cudaSuccess, cudaStreamDestroy(s));
  CHECK_ERR(cudaErrorInvalidResourceHandle,
            cudaMemcpyAsync(d, host, 8, cudaMemcpyHostToDevice, s));
  CHECK_ERR(cudaErrorInvalidResourceHandle, cudaMemsetAsync(d, 0, 8, s));
  CHECK_ERR(cudaSuccess, cudaFree(d));
}

static void test_stream_args(void) {
  cudaStream_t s = NULL, bad = (cudaStream_t)(uintptr_t)0x1234;
  int prio;
  unsigned flags;
  CHECK_ERR(cudaErrorInvalidValue, cudaStreamCreate(NULL));
  CHECK_ERR(cudaErrorInvalidValue, cudaStreamCreateWithFlags(NULL, cudaStreamDefault));
  CHECK_ERR(cudaErrorInvalidValue, cudaStreamCreateWithFlags(&s, 0x10));
  CHECK_ERR(cudaErrorInvalidResourceHandle, cudaStreamSynchronize(bad));
  CHECK_ERR(cudaErrorInvalidResourceHandle, cudaStreamQuery(bad));
  CHECK_ERR(cudaErrorInvalidResourceHandle, cudaStreamDestroy(bad));
  CHECK_ERR(cudaErrorInvalidResourceHandle, cudaStreamGetFlags(bad, &flags));
  CHECK_ERR(cudaErrorInvalidResourceHandle, cudaStreamGetPriority(bad, &prio));
  CHECK_ERR(cudaSuccess, cudaStreamCreate(&s));
  CHECK_ERR(cudaErrorInvalidValue, cudaStreamGetFlags(s, NULL));
  CHECK_ERR(cudaErrorInvalidValue, cudaStreamGetPriority(s, NULL));
  CHECK_ERR(cudaSuccess, cudaStreamDestroy(s));
  CHECK_ERR(cudaErrorInvalidResourceHandle, cudaStreamDestroy(s));  /* twice */
  CHECK_ERR(cudaErrorInvalidResourceHandle, cudaStreamSynchronize(s));
}

static void test_event_args(void) {
  cudaEvent_t a = NULL, b = NULL, bad = (cudaEvent_t)(uintptr_t)0x1234;
  float ms;
  CHECK_ERR(cudaErrorInvalidValue, cudaEventCreate(NULL));
  CHECK_ERR(cudaErrorInvalidValue, cudaEventCreateWithFlags(&a, 0x100));
  CHECK_ERR(cudaErrorInvalidResourceHandle, cudaEventRecord(bad, 0));
  CHECK_ERR(cudaErrorInvalidResourceHandle, cudaEventSynchronize(bad));
  CHECK_ERR(cudaErrorInvalidResourceHandle, cudaEventQuery(bad));
  CHECK_ERR(cudaErrorInvalidResourceHandle, cudaEventDestroy(bad));
  CHECK_ERR(cudaSuccess, cudaEventCreate(&a));
  CHECK_ERR(cudaSuccess, cudaEventCreateWithFlags(&b, cudaEventDisableTiming));
  CHECK_ERR(cudaErrorInvalidResourceHandle, cudaEventElapsedTime(&ms, a, a));  /* never recorded */
  CHECK_ERR(cudaSuccess, cudaEventRecord(a, 0));
  CHECK_ERR(cudaSuccess, cudaEventRecord(b, 0));
  CHECK_ERR(cudaErrorInvalidValue, cudaEventElapsedTime(NULL, a, a));
  CHECK_ERR(cudaErrorInvalidResourceHandle, cudaEventElapsedTime(&ms, a, b));  /* no timing */
  CHECK_ERR(cudaSuccess, cudaEventElapsedTime(&ms, a, a));
  CHECK_ERR(cudaErrorInvalidResourceHandle,
            cudaEventRecord(a, (cudaStream_t)(uintptr_t)0x1234));
  CHECK_ERR(cudaErrorInvalidResourceHandle,
            cudaStreamWaitEvent(0, bad, 0));
  CHECK_ERR(cudaSuccess, cudaEventDestroy(a));
  CHECK_ERR(cudaSuccess, cudaEventDestroy(b));
  CHECK_ERR(cudaErrorInvalidResourceHandle, cudaEventDestroy(a));  /* twice */
  CHECK_ERR(cudaErrorInvalidResourceHandle, cudaEventRecord(a, 0));
}

/* cudaDeviceReset releases what the program forgot (LSan checks it). */
static void test_reset_releases(void) {
  void *d = NULL, *h = NULL;
  cudaStream_t s = NULL;
  cudaEvent_t e = NULL;
  CHECK_ERR(cudaSuccess, cudaMalloc(&d, 1024));
  CHECK_ERR(cudaSuccess, cudaMallocHost(&h, 1024));
  CHECK_ERR(cudaSuccess, cudaStreamCreate(&s));
  CHECK_ERR(cudaSuccess, cudaEventCreate(&e));
  CHECK_ERR(cudaSuccess, cudaDeviceReset());
  CHECK_ERR(cudaErrorInvalidValue, cudaFree(d));  /* gone with the context */
  CHECK_ERR(cudaErrorInvalidResourceHandle, cudaStreamDestroy(s));
  CHECK_ERR(cudaSuccess, cudaMalloc(&d, 16));     /* and the device works again */
  CHECK_ERR(cudaSuccess, cudaFree(d));
}

int main(void) {
  setenv("CUWA_DEVICE", "cpu", 0); /* one device, whatever the machine has */
  test_error_values();
  test_device_args();
  test_alloc_args();
  test_free_args();
  test_copy_args();
  test_stream_args();
  test_event_args();
  test_reset_releases();
  cudaGetLastError();
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
