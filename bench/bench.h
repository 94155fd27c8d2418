/* bench.h: timing and reporting for the benchmarks of bench/ (host code
 * only). Each benchmark times its CUDA kernels (compiled by cuwa) and a
 * hand-written C + OpenMP baseline (bench/<name>_omp.c, built by
 * bench/run with gcc -O3 -march=native -fopenmp) in one process, checks
 * that both computed the same thing, and prints one line per kernel:
 *   BENCH <name> <cuwa_ms> <omp_ms> <ratio> <ok|WRONG>
 * Times are the median of BENCH_RUNS runs after a warm-up run; ratio is
 * omp_ms / cuwa_ms: the speed of cuwa relative to OpenMP (1.0 = as fast,
 * above 1 = faster). */
#ifndef CUWA_BENCH_H
#define CUWA_BENCH_H

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#define BENCH_RUNS 5

#define BENCH_CHECK_CUDA(call)                                                    \
  do {                                                                           \
    cudaError_t e_ = (call);                                                     \
    if (e_ != cudaSuccess) {                                                     \
      printf("%s:%d: %s: %s\n", __FILE__, __LINE__, #call, cudaGetErrorString(e_)); \
      exit(1);                                                                   \
    }                                                                            \
  } while (0)

static double bench_now_ms() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Median wall time of f() in milliseconds, after one untimed run. */
template <typename F>
static double bench_median_ms(F f) {
  double t[BENCH_RUNS];
  f();
  for (int i = 0; i < BENCH_RUNS; i++) {
    double s = bench_now_ms();
    f();
    t[i] = bench_now_ms() - s;
  }
  std::sort(t, t + BENCH_RUNS);
  return t[BENCH_RUNS / 2];
}

/* A kernel launch (or several) and the wait for it. */
template <typename F>
static double bench_cuda_ms(F launch) {
  return bench_median_ms([&] {
    launch();
    BENCH_CHECK_CUDA(cudaDeviceSynchronize());
  });
}

static int bench_failed;

static void bench_report(const char *name, double cuwa_ms, double omp_ms, bool ok) {
  printf("BENCH %-18s %10.3f %10.3f %7.2f %s\n", name, cuwa_ms, omp_ms, omp_ms / cuwa_ms,
         ok ? "ok" : "WRONG");
  if (!ok) bench_failed = 1;
}

/* |a - b| <= tol * max(1, |b|) for every element. */
template <typename T>
static bool bench_close(const T *a, const T *b, size_t n, double tol) {
  for (size_t i = 0; i < n; i++) {
    double d = std::fabs((double)a[i] - (double)b[i]);
    if (!(d <= tol * std::max(1.0, std::fabs((double)b[i])))) {
      printf("  element %zu: %.9g vs %.9g\n", i, (double)a[i], (double)b[i]);
      return false;
    }
  }
  return true;
}

#endif
