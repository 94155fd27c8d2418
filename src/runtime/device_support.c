/* device_support.c: what generated device code calls back into: a failed
 * assert (message in CUDA's exact format on stderr, then the launch stops
 * and cudaErrorAssert becomes sticky), printf (stdout; one call is one
 * atomic write, as glibc locks the stream per call), and clock64. */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "runtime/runtime.h"

/* CUDA prints, e.g.:
 *   t.cu:6: void k(int *): block: [0,0,0], thread: [1,0,0] Assertion `x` failed.
 * The generated code returns from the block after this call; the CPU
 * device then hands out no more blocks of the launch. */
void cuwa_device_assert_fail(const CuwaBlockCtx *ctx, uint32_t tx,
                             uint32_t ty, uint32_t tz, const char *expr,
                             const char *file, int line, const char *func) {
  CuwaDim3 b = ctx ? ctx->block_idx : (CuwaDim3){0, 0, 0};
  fflush(stdout); /* kernel printf output before the assert, as on a GPU */
  fprintf(stderr,
          "%s:%d: %s: block: [%u,%u,%u], thread: [%u,%u,%u] Assertion `%s` "
          "failed.\n",
          file, line, func, b.x, b.y, b.z, tx, ty, tz, expr);
  if (ctx && ctx->launch) {
    int none = 0;
    atomic_compare_exchange_strong(&ctx->launch->error, &none,
                                   (int)cudaErrorAssert);
  }
}

int cuwa_device_printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vprintf(fmt, ap);
  va_end(ap);
  return n;
}

/* Nanoseconds of CLOCK_MONOTONIC: a steady counter, like the SM clock. */
long long cuwa_device_clock64(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}
