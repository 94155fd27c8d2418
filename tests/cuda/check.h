/* check.h: the self-check helpers of tests/cuda (chibicc ASSERT style).
 * CHECK(expected, actual) compares integers, CHECK_NEAR(expected, actual,
 * tol) floats; a mismatch prints "file:line: expr => actual, expected X"
 * (the first 20 of them) and makes check_done() return 1. CHECK_CUDA(call)
 * stops the program at once if a runtime call fails. Host code only. */
#ifndef CUWA_TESTS_CHECK_H
#define CUWA_TESTS_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static int check_count, check_failed;

static void check_report(const char *file, int line, const char *expr) {
  check_failed++;
  if (check_failed <= 20) printf("%s:%d: %s", file, line, expr);
}

static void check_int(long long expected, long long actual, const char *expr,
                      const char *file, int line) {
  check_count++;
  if (expected == actual) return;
  check_report(file, line, expr);
  if (check_failed <= 20) printf(" => %lld, expected %lld\n", actual, expected);
}

static void check_near(double expected, double actual, double tol,
                       const char *expr, const char *file, int line) {
  check_count++;
  if (isnan(expected) && isnan(actual)) return;
  if (expected == actual || fabs(expected - actual) <= tol) return;
  check_report(file, line, expr);
  if (check_failed <= 20)
    printf(" => %.9g, expected %.9g (tolerance %g)\n", actual, expected, tol);
}

#define CHECK(expected, actual) \
  check_int((long long)(expected), (long long)(actual), #actual, __FILE__, __LINE__)
#define CHECK_NEAR(expected, actual, tol) \
  check_near((double)(expected), (double)(actual), (tol), #actual, __FILE__, __LINE__)
#define CHECK_CUDA(call)                                                     \
  do {                                                                       \
    cudaError_t check_err_ = (call);                                         \
    if (check_err_ != cudaSuccess) {                                         \
      printf("%s:%d: %s => %s\n", __FILE__, __LINE__, #call,                 \
             cudaGetErrorString(check_err_));                                \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

/* Prints the summary line and gives main's exit code. */
static int check_done(const char *test) {
  printf("%s: %d checks, %d failed\n", test, check_count, check_failed);
  return check_failed ? 1 : 0;
}

#endif
