/* test_runtime_ptds.c: --default-stream per-thread (nvcc defines
 * CUDA_API_PER_THREAD_DEFAULT_STREAM; cuda_runtime_api.h then switches
 * libcuwa's stream 0 to each host thread's own stream): stream 0 is a
 * queue per thread, with its own id, and the synchronous calls of a
 * thread wait for that thread's stream 0.
 * unit-cflags: -DCUDA_API_PER_THREAD_DEFAULT_STREAM */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "cuda_runtime.h"
#include "runtime_fake_module.h"

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

/* c = a + b through stream 0, read back with cudaMemcpy; returns the
 * stream id stream 0 had. */
static unsigned long long run_on_stream0(int *ok) {
  enum { N = 4096 };
  static __thread float a[N], b[N], c[N];
  float *da, *db, *dc;
  dim3 g = {N / 256, 1, 1}, blk = {256, 1, 1};
  for (int i = 0; i < N; i++)
    a[i] = (float)i, b[i] = 1.0f;
  cudaMalloc((void **)&da, sizeof a);
  cudaMalloc((void **)&db, sizeof b);
  cudaMalloc((void **)&dc, sizeof c);
  cudaMemcpyAsync(da, a, sizeof a, cudaMemcpyHostToDevice, 0);
  cudaMemcpyAsync(db, b, sizeof b, cudaMemcpyHostToDevice, 0);
  for (int k = 0; k < 20; k++)
    LAUNCH(vadd, g, blk, 0, 0, da, db, dc, N);
  cudaMemcpy(c, dc, sizeof c, cudaMemcpyDeviceToHost); /* waits for stream 0 */
  *ok = cudaGetLastError() == cudaSuccess;
  for (int i = 0; i < N; i++)
    *ok &= c[i] == (float)i + 1.0f;
  unsigned long long id = 0;
  *ok &= cudaStreamGetId(0, &id) == cudaSuccess;
  *ok &= cudaStreamQuery(0) == cudaSuccess;
  cudaFree(da);
  cudaFree(db);
  cudaFree(dc);
  return id;
}

static unsigned long long thread_id;
static int thread_ok;

static void *in_thread(void *arg) {
  thread_id = run_on_stream0(&thread_ok);
  return NULL;
}

int main(void) {
  setenv("CUWA_DEVICE", "cpu", 0);
  int ok = 0;
  unsigned long long main_id = run_on_stream0(&ok);
  CHECK(ok);
  CHECK(main_id != 0); /* not the legacy stream (id 0 here) */
  pthread_t t;
  pthread_create(&t, NULL, in_thread, NULL);
  pthread_join(t, NULL);
  CHECK(thread_ok);
  CHECK(thread_id != 0 && thread_id != main_id);
  /* the legacy stream is still there, by name */
  unsigned long long id = 1;
  CHECK(cudaStreamGetId(cudaStreamLegacy, &id) == cudaSuccess && id == 0);
  CHECK(cudaDeviceSynchronize() == cudaSuccess);
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
