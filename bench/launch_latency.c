/* launch_latency.c: median time of an empty kernel launch followed by
 * cudaDeviceSynchronize (10,000 runs each) on the current device, for 1
 * block (run by the calling thread), 64 and 4096 blocks (the thread pool),
 * through <<<>>> and through cudaLaunchKernel. The kernel is hand-written
 * in the generated-code shape, so this needs only libcuwa. Build:
 *   cc -O2 -std=c11 -D_GNU_SOURCE -Iinclude bench/launch_latency.c
 *      build/lib/libcuwa.a -lpthread -lm -o launch_latency */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cuda_runtime.h"
#include "cuwa/kernel_abi.h"

enum { RUNS = 10000 };

static void block_empty(const CuwaBlockCtx *ctx, const void *params) {
  (void)ctx, (void)params;
}

static const CuwaKernelDesc kernel_empty = {
    "empty", 0, block_empty, 0, NULL, NULL, 0, 1, 0, 0, "launch_latency.c"};

static void empty(void) { cuwa_launch_stub(&kernel_empty, NULL); }

__attribute__((constructor)) static void register_empty(void) {
  cuwa_register_kernel_stub((const void *)empty, &kernel_empty);
}

static double now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* via_api: cudaLaunchKernel instead of the <<<>>> rewrite */
static double median_us(unsigned blocks, int via_api) {
  static double t[RUNS];
  dim3 g = {blocks, 1, 1}, b = {1, 1, 1};
  for (int i = 0; i < RUNS; i++) {
    double start = now_us();
    if (via_api)
      cudaLaunchKernel((const void *)empty, g, b, NULL, 0, 0);
    else
      cuwaPushCallConfiguration(g, b, 0, 0) ? (void)0 : empty();
    cudaDeviceSynchronize();
    t[i] = now_us() - start;
  }
  qsort(t, RUNS, sizeof t[0], compare);
  return t[RUNS / 2];
}

int main(void) {
  struct cudaDeviceProp p;
  if (cudaGetDeviceProperties(&p, 0) != cudaSuccess)
    return 1;
  printf("device: %s, %d threads\n", p.name, p.multiProcessorCount);
  unsigned sizes[] = {1, 64, 4096};
  for (int i = 0; i < 3; i++)
    printf("empty launch + sync, %4u blocks: <<<>>> %.2f us, "
           "cudaLaunchKernel %.2f us (median of %d)\n",
           sizes[i], median_us(sizes[i], 0), median_us(sizes[i], 1), RUNS);
  return cudaGetLastError() != cudaSuccess;
}
