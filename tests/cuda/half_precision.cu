// half_precision.cu: cuda_fp16.h. Every one of the 65536 half bit
// patterns goes half -> float -> half on the device (identity, NaN stays
// NaN); floats (ties, subnormals, overflow, random) convert to half in
// the four rounding modes and are compared with a host reference that
// rounds by scaling in double (independent of the header's bit code);
// __hadd/__hsub/__hmul/__hdiv/__hfma and comparisons are checked against
// the exact result rounded by that reference; half2 and warp shuffles.
// skip: webgpu: half precision (__half) needs 16-bit types WGSL lacks here
#include <cuda_fp16.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"

enum { NCONV = 1 << 16, NARITH = 1 << 16 };

__global__ void roundtrip(unsigned short *out, float *f) {
  unsigned i = blockIdx.x * blockDim.x + threadIdx.x;
  __half h = __ushort_as_half((unsigned short)i);
  f[i] = __half2float(h);
  out[i] = __half_as_ushort(__float2half(f[i]));
}

__global__ void convert(const float *x, unsigned short *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  out[4 * i + 0] = __half_as_ushort(__float2half_rn(x[i]));
  out[4 * i + 1] = __half_as_ushort(__float2half_rz(x[i]));
  out[4 * i + 2] = __half_as_ushort(__float2half_ru(x[i]));
  out[4 * i + 3] = __half_as_ushort(__float2half_rd(x[i]));
}

__global__ void arith(const unsigned short *a, const unsigned short *b, const unsigned short *c,
                      unsigned short *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  __half x = __ushort_as_half(a[i]), y = __ushort_as_half(b[i]), z = __ushort_as_half(c[i]);
  out[8 * i + 0] = __half_as_ushort(__hadd(x, y));
  out[8 * i + 1] = __half_as_ushort(__hsub(x, y));
  out[8 * i + 2] = __half_as_ushort(__hmul(x, y));
  out[8 * i + 3] = __half_as_ushort(__hdiv(x, y));
  out[8 * i + 4] = __half_as_ushort(__hfma(x, y, z));
  out[8 * i + 5] = (unsigned short)(__hlt(x, y) | __heq(x, y) << 1 | __hgeu(x, y) << 2 | __hisnan(x) << 3);
  __half2 p = __hmul2(__halves2half2(x, y), __halves2half2(y, x));
  out[8 * i + 6] = __half_as_ushort(__low2half(p)) ^ __half_as_ushort(__high2half(p));
  out[8 * i + 7] = __half_as_ushort(hsqrt(__habs(x)));
}

__global__ void warp(float *out) {
  __half2 v = __floats2half2_rn((float)threadIdx.x, -(float)threadIdx.x);
  __half2 r = __shfl_xor_sync(0xffffffffu, v, 3);
  __half s = __shfl_down_sync(0xffffffffu, __low2half(v), 2);
  out[threadIdx.x] = __low2float(r) + 100.0f * __high2float(r) + 10000.0f * __half2float(s);
}

/* ---- host reference: scale into an integer range in double and round ---- */

static double round_mode(double q, int mode, int neg) {
  switch (mode) {
  case 0: return nearbyint(q);                  /* ties to even */
  case 1: return trunc(q);
  case 2: return neg ? floor(q) : ceil(q);      /* q is |x|: up means toward +inf */
  default: return neg ? ceil(q) : floor(q);
  }
}

/* x (exact in double) to binary16 bits */
static unsigned short ref_half(double x, int mode) {
  if (x != x) return 0x7fff;
  int neg = signbit(x) != 0;
  unsigned short sign = neg ? 0x8000 : 0;
  double a = fabs(x);
  if (isinf(a)) return sign | 0x7c00;
  if (a < ldexp(1.0, -14)) {                    /* subnormal: units of 2^-24 */
    double q = round_mode(ldexp(a, 24), mode, neg);
    return sign | (unsigned short)q;            /* 1024 is the smallest normal */
  }
  int e;
  frexp(a, &e);
  e -= 1;                                       /* a = 1.m * 2^e */
  double q = round_mode(ldexp(a, 10 - e), mode, neg);
  if (q == 2048) { q = 1024; e++; }
  if (e > 15) {                                 /* overflow */
    int to_inf = mode == 0 || (mode == 2 && !neg) || (mode == 3 && neg);
    return sign | (to_inf ? 0x7c00 : 0x7bff);
  }
  return sign | (unsigned short)(((e + 15) << 10) | ((unsigned)q - 1024));
}

static double ref_value(unsigned short h) {
  int e = (h >> 10) & 31, m = h & 1023;
  double v = e == 0 ? ldexp(m, -24) : e == 31 ? (m ? NAN : INFINITY) : ldexp(1024 + m, e - 25);
  return (h & 0x8000) ? -v : v;
}

static unsigned rnd(void) { return (unsigned)rand() << 16 ^ (unsigned)rand(); }

static float bits_float(unsigned u) { float f; memcpy(&f, &u, 4); return f; }

int main(void) {
  int bad = 0;
  /* 1. all 65536 patterns round-trip */
  unsigned short *rt;
  float *rf;
  CHECK_CUDA(cudaMallocManaged(&rt, NCONV * 2));
  CHECK_CUDA(cudaMallocManaged(&rf, NCONV * 4));
  roundtrip<<<NCONV / 256, 256>>>(rt, rf);
  CHECK_CUDA(cudaDeviceSynchronize());
  for (unsigned i = 0; i < NCONV; i++) {
    int nan = (i & 0x7fff) > 0x7c00;
    double want = ref_value((unsigned short)i);
    int ok = nan ? (rf[i] != rf[i] && (rt[i] & 0x7fff) > 0x7c00) : (rt[i] == i && rf[i] == want);
    if (!ok && bad++ < 10) printf("roundtrip %04x: float %g, back %04x\n", i, rf[i], rt[i]);
  }
  /* 2. floats -> half in four modes: halfway points, neighbours of
     halves, subnormal range, overflow edge, random bits */
  enum { N = 1 << 18 };
  float *x;
  unsigned short *cv;
  CHECK_CUDA(cudaMallocManaged(&x, N * 4));
  CHECK_CUDA(cudaMallocManaged(&cv, N * 8));
  int n = 0;
  for (unsigned h = 0; h < 0x7c00 && n + 8 < N; h += 3) {
    for (int s = 0; s < 2; s++) {
      double v = ref_value((unsigned short)(h | (s << 15)));
      double next = ref_value((unsigned short)((h + 1) | (s << 15)));
      float mid = (float)((v + next) / 2);      /* exact: a tie */
      x[n++] = mid;
      x[n++] = nextafterf(mid, 0);
      x[n++] = nextafterf(mid, INFINITY);
      x[n++] = nextafterf((float)v, INFINITY);
    }
  }
  x[n++] = 65504.0f; x[n++] = 65519.99f; x[n++] = 65520.0f; x[n++] = -65520.0f; x[n++] = 1e30f;
  x[n++] = 2.9802322e-8f; x[n++] = 2.9802326e-8f; x[n++] = 1e-30f; x[n++] = -1e-30f;
  x[n++] = -0.0f; x[n++] = INFINITY; x[n++] = -INFINITY; x[n++] = NAN; x[n++] = 1.4e-45f;
  while (n < N) {
    unsigned u = rnd();
    if (n & 1) u = (u & 0x807fffffu) | ((unsigned)(98 + rnd() % 50) << 23);  /* near half range */
    x[n++] = bits_float(u);
  }
  convert<<<(N + 255) / 256, 256>>>(x, cv, N);
  CHECK_CUDA(cudaDeviceSynchronize());
  for (int i = 0; i < N; i++)
    for (int m = 0; m < 4; m++) {
      unsigned short want = ref_half(x[i], m), got = cv[4 * i + m];
      if (got != want && !(x[i] != x[i] && (got & 0x7fff) > 0x7c00)) {
        if (bad++ < 20) printf("float2half mode %d of %.9g (%08x): got %04x, want %04x\n", m, x[i],
                               *(unsigned *)&x[i], got, want);
      }
    }
  /* 3. arithmetic: the exact result (double; fma through long double
     when the double sum is inexact is avoided by choosing ops whose
     double result is exact) rounded once */
  unsigned short *a, *b, *c, *out;
  CHECK_CUDA(cudaMallocManaged(&a, NARITH * 2));
  CHECK_CUDA(cudaMallocManaged(&b, NARITH * 2));
  CHECK_CUDA(cudaMallocManaged(&c, NARITH * 2));
  CHECK_CUDA(cudaMallocManaged(&out, NARITH * 16));
  for (int i = 0; i < NARITH; i++) {
    a[i] = (unsigned short)rnd(); b[i] = (unsigned short)rnd(); c[i] = (unsigned short)rnd();
    if (i % 4 == 1) b[i] = (unsigned short)((b[i] & 0x83ff) | ((a[i] & 0x7c00)));  /* close exponents */
  }
  a[0] = 0x3c00; b[0] = 0xbc00; c[0] = 0x8000;   /* 1 + -1, fma(1, -1, -0) */
  arith<<<NARITH / 256, 256>>>(a, b, c, out, NARITH);
  CHECK_CUDA(cudaDeviceSynchronize());
  for (int i = 0; i < NARITH; i++) {
    double x1 = ref_value(a[i]), y1 = ref_value(b[i]), z1 = ref_value(c[i]);
    long double fm = (long double)x1 * y1 + z1;  /* exact: 22 + 11 bits over a 80-bit span at most */
    double ops[5] = {x1 + y1, x1 - y1, x1 * y1, x1 / y1, (double)fm};
    for (int k = 0; k < 5; k++) {
      unsigned short want = ref_half(ops[k], 0), got = out[8 * i + k];
      if (k == 3 && ops[3] == ops[3]) {
        /* the quotient is not exact in double: round the float quotient,
           which is exact-enough (24 >= 2*11+2) */
        want = ref_half((float)(x1 / y1), 0);
      }
      if (k == 4 && fm != (long double)(double)fm) continue;  /* not exact in double */
      if (k == 4 && fm == 0 && x1 * y1 != 0) continue;
      if (k == 4 && fm == 0) want = signbit((double)((float)(x1 * y1) + (float)z1)) ? 0x8000 : 0;
      int nan = (want & 0x7fff) > 0x7c00;
      if (nan ? (got & 0x7fff) <= 0x7c00 : got != want) {
        if (bad++ < 30) printf("op %d of %04x %04x %04x: got %04x, want %04x\n", k, a[i], b[i], c[i], got, want);
      }
    }
    int lt = x1 < y1, eq = x1 == y1, geu = !(x1 < y1), isn = x1 != x1;
    if (out[8 * i + 5] != (lt | eq << 1 | geu << 2 | isn << 3) && bad++ < 30)
      printf("compare %04x %04x: got %x\n", a[i], b[i], out[8 * i + 5]);
    unsigned short p = ref_half(x1 * y1, 0);
    if (!((p & 0x7fff) > 0x7c00) && out[8 * i + 6] != 0 && bad++ < 30)
      printf("hmul2 %04x %04x: halves differ\n", a[i], b[i]);
    double sq = sqrt(fabs(x1));
    unsigned short ws = ref_half((float)sq, 0);
    if (!(sq != sq) && out[8 * i + 7] != ws && bad++ < 30)
      printf("hsqrt %04x: got %04x, want %04x\n", a[i], out[8 * i + 7], ws);
  }
  /* 4. warp shuffles of __half and __half2 */
  float *w;
  CHECK_CUDA(cudaMallocManaged(&w, 32 * 4));
  warp<<<1, 32>>>(w);
  CHECK_CUDA(cudaDeviceSynchronize());
  for (int l = 0; l < 32; l++) {
    int src = l ^ 3, down = l + 2 < 32 ? l + 2 : l;
    float want = (float)src - 100.0f * src + 10000.0f * down;
    if (w[l] != want && bad++ < 40) printf("shuffle lane %d: got %g, want %g\n", l, w[l], want);
  }
  printf("half precision: %d round trips, %d conversions x 4 modes, %d x 8 operations: %s\n", NCONV, N,
         NARITH, bad ? "FAILED" : "ok");
  return bad != 0;
}
