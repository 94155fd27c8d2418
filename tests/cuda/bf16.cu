// bf16.cu: cuda_bf16.h. Every one of the 65536 bfloat16 bit patterns
// goes bf16 -> float -> bf16 on the device (identity; NaN stays NaN);
// floats (ties and their neighbours, subnormals, overflow, inf, NaN,
// random) convert in the four rounding modes, doubles and 64-bit integers
// (one rounding, not two) and bf16 -> integer conversions, all against a
// host reference that rounds by scaling in long double (independent of
// the header's bit code); __hadd/__hsub/__hmul/__hdiv/__hfma, min/max and
// comparisons against the exact result rounded once, on the device and
// with the same header in host code; bfloat162 forms and warp shuffles.
// skip: webgpu: bfloat16 needs 16-bit types WGSL lacks here
#include <cuda_bf16.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"

enum { NCONV = 1 << 16, NARITH = 1 << 16, NOPS = 12 };

__global__ void roundtrip(unsigned short *out, float *f) {
  unsigned i = blockIdx.x * blockDim.x + threadIdx.x;
  __nv_bfloat16 h = __ushort_as_bfloat16((unsigned short)i);
  f[i] = __bfloat162float(h);
  out[i] = __bfloat16_as_ushort(__float2bfloat16(f[i]));
}

__global__ void convert(const float *x, const double *d, const long long *l, unsigned short *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  out[8 * i + 0] = __bfloat16_as_ushort(__float2bfloat16_rn(x[i]));
  out[8 * i + 1] = __bfloat16_as_ushort(__float2bfloat16_rz(x[i]));
  out[8 * i + 2] = __bfloat16_as_ushort(__float2bfloat16_ru(x[i]));
  out[8 * i + 3] = __bfloat16_as_ushort(__float2bfloat16_rd(x[i]));
  out[8 * i + 4] = __bfloat16_as_ushort(__double2bfloat16(d[i]));
  out[8 * i + 5] = __bfloat16_as_ushort(__ll2bfloat16_rn(l[i]));
  out[8 * i + 6] = __bfloat16_as_ushort(__ll2bfloat16_ru(l[i]));
  out[8 * i + 7] = __bfloat16_as_ushort(__int2bfloat16_rd((int)l[i]));
}

// bf16 -> integers (modes rn, rz, ru, rd for int; rn for the others)
__global__ void to_int(long long *out) {
  unsigned i = blockIdx.x * blockDim.x + threadIdx.x;
  __nv_bfloat16 h = __ushort_as_bfloat16((unsigned short)i);
  out[8 * i + 0] = __bfloat162int_rn(h);
  out[8 * i + 1] = __bfloat162int_rz(h);
  out[8 * i + 2] = __bfloat162int_ru(h);
  out[8 * i + 3] = __bfloat162int_rd(h);
  out[8 * i + 4] = __bfloat162short_rn(h);
  out[8 * i + 5] = __bfloat162uint_rn(h);
  out[8 * i + 6] = __bfloat162ll_rn(h);
  out[8 * i + 7] = (long long)__bfloat162ull_rn(h);
}

__host__ __device__ void ops(unsigned short a, unsigned short b, unsigned short c, unsigned short *o) {
  __nv_bfloat16 x = __ushort_as_bfloat16(a), y = __ushort_as_bfloat16(b), z = __ushort_as_bfloat16(c);
  o[0] = __bfloat16_as_ushort(__hadd(x, y));
  o[1] = __bfloat16_as_ushort(__hsub(x, y));
  o[2] = __bfloat16_as_ushort(__hmul(x, y));
  o[3] = __bfloat16_as_ushort(__hdiv(x, y));
  o[4] = __bfloat16_as_ushort(__hfma(x, y, z));
  o[5] = (unsigned short)(__hlt(x, y) | __heq(x, y) << 1 | __hgeu(x, y) << 2 | __hisnan(x) << 3 |
                          __hne(x, y) << 4 | __hbgt2(__halves2bfloat162(x, x), __halves2bfloat162(y, y)) << 5);
  __nv_bfloat162 p = __hmul2(__halves2bfloat162(x, y), __halves2bfloat162(y, x));
  o[6] = __bfloat16_as_ushort(__low2bfloat16(p)) ^ __bfloat16_as_ushort(__high2bfloat16(p));
  o[7] = __bfloat16_as_ushort(hsqrt(__habs(x)));
  o[8] = __bfloat16_as_ushort(__hmax(x, y));
  o[9] = __bfloat16_as_ushort(__hmin(x, y));
  __nv_bfloat162 s = __hfma2(__halves2bfloat162(x, y), __bfloat162bfloat162(y), __halves2bfloat162(z, z));
  o[10] = __bfloat16_as_ushort(__high2bfloat16(s));  // fma(y, y, z)
  o[11] = __bfloat16_as_ushort(__hneg(__low2bfloat16(__hadd2(__halves2bfloat162(x, y), __halves2bfloat162(y, x)))));
}

__global__ void arith(const unsigned short *a, const unsigned short *b, const unsigned short *c,
                      unsigned short *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  ops(a[i], b[i], c[i], out + NOPS * i);
}

__global__ void warp(float *out) {
  __nv_bfloat162 v = __floats2bfloat162_rn((float)threadIdx.x, -(float)threadIdx.x);
  __nv_bfloat162 r = __shfl_xor_sync(0xffffffffu, v, 3);
  __nv_bfloat16 s = __shfl_down_sync(0xffffffffu, __low2bfloat16(v), 2);
  __nv_bfloat16 u = __shfl_sync(0xffffffffu, __high2bfloat16(v), 5);
  float2 f = __bfloat1622float2(r);
  out[threadIdx.x] = f.x + 100.0f * f.y + 10000.0f * __bfloat162float(s) + 1e6f * __bfloat162float(u);
}

/* ---- host reference: scale into an integer range in long double and round ---- */

static long double round_mode(long double q, int mode, int neg) {
  switch (mode) {
  case 0: return nearbyintl(q);                 /* ties to even */
  case 1: return truncl(q);
  case 2: return neg ? floorl(q) : ceill(q);    /* q is |x|: up means toward +inf */
  default: return neg ? ceill(q) : floorl(q);
  }
}

/* x (exact in long double) to bfloat16 bits */
static unsigned short ref_bf(long double x, int mode) {
  if (x != x) return 0x7fff;
  int neg = signbit(x) != 0;
  unsigned short sign = neg ? 0x8000 : 0;
  long double a = fabsl(x);
  if (isinf(a)) return sign | 0x7f80;
  if (a < ldexpl(1.0L, -126)) {                 /* subnormal: units of 2^-133 */
    long double q = round_mode(ldexpl(a, 133), mode, neg);
    return sign | (unsigned short)q;            /* 128 is the smallest normal */
  }
  int e;
  frexpl(a, &e);
  e -= 1;                                       /* a = 1.m * 2^e */
  long double q = round_mode(ldexpl(a, 7 - e), mode, neg);
  if (q == 256) { q = 128; e++; }
  if (e > 127) {                                /* overflow */
    int to_inf = mode == 0 || (mode == 2 && !neg) || (mode == 3 && neg);
    return sign | (to_inf ? 0x7f80 : 0x7f7f);
  }
  return sign | (unsigned short)(((e + 127) << 7) | ((unsigned)q - 128));
}

static double ref_value(unsigned short h) {
  int e = (h >> 7) & 255, m = h & 127;
  double v = e == 0 ? ldexp(m, -133) : e == 255 ? (m ? NAN : INFINITY) : ldexp(128 + m, e - 134);
  return (h & 0x8000) ? -v : v;
}

static int is_nan_bf(unsigned short h) { return (h & 0x7fff) > 0x7f80; }

/* the bfloat16 value rounded to an integer as named, saturated as cvt */
static long long ref_int(double v, int mode, long long lo, long long hi, long long nanv) {
  if (v != v) return nanv;
  double r = mode == 0 ? nearbyint(v) : mode == 1 ? trunc(v) : mode == 2 ? ceil(v) : floor(v);
  return r <= (double)lo ? lo : r >= (double)hi ? hi : (long long)r;
}

static unsigned rnd(void) { return (unsigned)rand() << 16 ^ (unsigned)rand(); }

static float bits_float(unsigned u) { float f; memcpy(&f, &u, 4); return f; }

static int check_roundtrip(void) {
  int bad = 0;
  unsigned short *rt;
  float *rf;
  CHECK_CUDA(cudaMallocManaged(&rt, NCONV * 2));
  CHECK_CUDA(cudaMallocManaged(&rf, NCONV * 4));
  roundtrip<<<NCONV / 256, 256>>>(rt, rf);
  CHECK_CUDA(cudaDeviceSynchronize());
  for (unsigned i = 0; i < NCONV; i++) {
    int nan = is_nan_bf((unsigned short)i);
    double want = ref_value((unsigned short)i);
    int ok = nan ? (rf[i] != rf[i] && rt[i] == 0x7fff) : (rt[i] == i && rf[i] == want);
    if (!ok && bad++ < 10) printf("roundtrip %04x: float %g, back %04x\n", i, rf[i], rt[i]);
  }
  return bad;
}

/* floats: ties between neighbours, their neighbours, special values,
   random bits; doubles: the same ties moved by less than a float ulp
   (a double rounding through float would fail them); integers near
   powers of two with low bits set */
static int fill_inputs(float *x, double *d, long long *l, int N) {
  int n = 0;
  for (unsigned h = 0; h < 0x7f80 && n + 8 < N; h += 7) {
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
  const float special[] = {3.3895314e38f, 3.3961775e38f, 3.4028235e38f, -3.4028235e38f, 1e-45f,
                           -1e-45f, 1.1754942e-38f, 1.1754944e-38f, 9.18355e-41f, -0.0f, 0.0f,
                           INFINITY, -INFINITY, NAN, -NAN, 1.0f, 1.00390625f, 1.005859375f};
  for (size_t k = 0; k < sizeof special / sizeof *special; k++) x[n++] = special[k];
  while (n < N) {
    unsigned u = rnd();
    if (n & 1) u = (u & 0x807fffffu) | ((u & 0x7u) == 0 ? 0x7f800000u : (u & 0x7f800000u));
    x[n++] = bits_float(u);
  }
  for (int i = 0; i < N; i++) {
    float f = x[i];
    int up = i & 1;
    double ulp = f == f && f - f == 0 ? fabs((double)nextafterf(f, INFINITY) - f) : 0;
    d[i] = (double)f + (up ? 1 : -1) * ulp * ldexp(1.0, -(int)(i % 20) - 2);
    int sh = i % 63;
    long long base = (long long)(1ULL << sh);
    l[i] = (base | (long long)(rnd() & ((1u << (sh < 30 ? sh : 30)) - 1)) | (long long)(i % 3)) *
           ((i & 2) ? -1 : 1);
  }
  l[0] = -9223372036854775807LL - 1; l[1] = 9223372036854775807LL; l[2] = 0x0100800000000000LL;
  l[3] = 0x0101800000000001LL; l[4] = 16777217; l[5] = -2147483647 - 1;
  return N;
}

static int check_convert(void) {
  enum { N = 1 << 18 };
  int bad = 0;
  float *x;
  double *d;
  long long *l;
  unsigned short *cv;
  CHECK_CUDA(cudaMallocManaged(&x, N * 4));
  CHECK_CUDA(cudaMallocManaged(&d, N * 8));
  CHECK_CUDA(cudaMallocManaged(&l, N * 8));
  CHECK_CUDA(cudaMallocManaged(&cv, N * 16));
  fill_inputs(x, d, l, N);
  convert<<<N / 256, 256>>>(x, d, l, cv, N);
  CHECK_CUDA(cudaDeviceSynchronize());
  for (int i = 0; i < N; i++) {
    unsigned short want[8];
    for (int m = 0; m < 4; m++) want[m] = ref_bf(x[i], m);
    want[4] = ref_bf(d[i], 0);
    want[5] = ref_bf((long double)l[i], 0);
    want[6] = ref_bf((long double)l[i], 2);
    want[7] = ref_bf((long double)(int)l[i], 3);
    for (int m = 0; m < 8; m++) {
      unsigned short got = cv[8 * i + m];
      if (got != want[m] && bad++ < 20)
        printf("conversion %d of %.9g / %.17g / %lld: got %04x, want %04x\n", m, x[i], d[i], l[i], got,
               want[m]);
    }
  }
  return bad;
}

static int check_to_int(void) {
  int bad = 0;
  long long *o;
  CHECK_CUDA(cudaMallocManaged(&o, NCONV * 64));
  to_int<<<NCONV / 256, 256>>>(o);
  CHECK_CUDA(cudaDeviceSynchronize());
  const long long I32 = 2147483647LL, I64 = 9223372036854775807LL;
  for (unsigned i = 0; i < NCONV; i++) {
    double v = ref_value((unsigned short)i);
    long long want[8];
    for (int m = 0; m < 4; m++) want[m] = ref_int(v, m, -I32 - 1, I32, 0);
    want[4] = ref_int(v, 0, -32768, 32767, 0);
    want[5] = ref_int(v, 0, 0, 4294967295LL, 0);
    want[6] = ref_int(v, 0, -I64 - 1, I64, -I64 - 1);
    /* ull: saturates at 2^64 - 1, NaN -> 1 << 63 */
    want[7] = v != v ? (long long)(1ULL << 63) : v >= 18446744073709551616.0 ? -1LL
            : (long long)(unsigned long long)(v <= 0 ? 0 : nearbyint(v));
    for (int m = 0; m < 8; m++)
      if (o[8 * i + m] != want[m] && bad++ < 20)
        printf("to integer %d of %04x (%g): got %lld, want %lld\n", m, i, v, o[8 * i + m], want[m]);
  }
  return bad;
}

/* one row of ops() against the exact result rounded once */
static int check_ops(unsigned short a, unsigned short b, unsigned short c, const unsigned short *o,
                     const char *where) {
  int bad = 0;
  double x = ref_value(a), y = ref_value(b), z = ref_value(c);
  long double fm = (long double)x * y + z, fm2 = (long double)y * y + z;
  /* double and long double keep 53/64 >= 2 * 8 + 2 bits: one more
     rounding of + - * / there is harmless */
  long double want[NOPS] = {x + y, x - y, x * y, x / y, fm, 0, 0, sqrt(fabs(x)), 0, 0, fm2, -(x + y)};
  for (int k = 0; k < NOPS; k++) {
    if (k == 5 || k == 6 || k == 8 || k == 9) continue;
    unsigned short w = ref_bf(want[k], 0);
    if (k == 4 || k == 10) {                    /* fma: only where the sum is exact */
      long double p = k == 4 ? (long double)x * y : (long double)y * y, s = p + z;
      if (s - p != z || s - z != p) continue;
      if (s == 0 && p != 0) continue;
      if (s == 0) w = signbit((double)((float)p + (float)z)) ? 0x8000 : 0;
    }
    if (k == 11 && is_nan_bf(w)) w = 0xffff;    /* -NaN: the sign flips */
    if (o[k] != w && bad++ < 5)
      printf("%s op %d of %04x %04x %04x: got %04x, want %04x\n", where, k, a, b, c, o[k], w);
  }
  int lt = x < y, eq = x == y, geu = !(x < y), isn = x != x, ne = x != y && y == y && x == x;
  if (o[5] != (lt | eq << 1 | geu << 2 | isn << 3 | ne << 4 | (x > y) << 5) && bad++ < 5)
    printf("%s compare %04x %04x: got %x\n", where, a, b, o[5]);
  if (!is_nan_bf(ref_bf((long double)x * y, 0)) && o[6] != 0 && bad++ < 5)
    printf("%s hmul2 %04x %04x: halves differ\n", where, a, b);
  double mx = x != x ? y : y != y ? x : x > y || (x == y && !signbit(x)) ? x : y;
  double mn = x != x ? y : y != y ? x : x < y || (x == y && signbit(x)) ? x : y;
  unsigned short wmx = mx != mx ? 0x7fff : ref_bf(mx, 0), wmn = mn != mn ? 0x7fff : ref_bf(mn, 0);
  if ((o[8] != wmx || o[9] != wmn) && bad++ < 5)
    printf("%s max/min %04x %04x: got %04x %04x, want %04x %04x\n", where, a, b, o[8], o[9], wmx, wmn);
  return bad;
}

static int check_arith(void) {
  int bad = 0;
  unsigned short *a, *b, *c, *out, host[NOPS];
  CHECK_CUDA(cudaMallocManaged(&a, NARITH * 2));
  CHECK_CUDA(cudaMallocManaged(&b, NARITH * 2));
  CHECK_CUDA(cudaMallocManaged(&c, NARITH * 2));
  CHECK_CUDA(cudaMallocManaged(&out, NARITH * 2 * NOPS));
  for (int i = 0; i < NARITH; i++) {
    a[i] = (unsigned short)rnd(); b[i] = (unsigned short)rnd(); c[i] = (unsigned short)rnd();
    if (i % 4 == 1) b[i] = (unsigned short)((b[i] & 0x807f) | (a[i] & 0x7f80));   /* close exponents */
    if (i % 4 == 2) {                           /* c near a*b: cancellation, exact sums */
      unsigned e = ((a[i] >> 7) & 255) + ((b[i] >> 7) & 255);
      e = e > 127 ? e - 127 : 0;
      c[i] = (unsigned short)((c[i] & 0x807f) | ((e > 254 ? 254 : e) << 7));
    }
    if (i % 16 == 3) a[i] &= 0x807f;            /* subnormal */
  }
  a[0] = 0x3f80; b[0] = 0xbf80; c[0] = 0x8000;  /* 1 + -1, fma(1, -1, -0) */
  arith<<<NARITH / 256, 256>>>(a, b, c, out, NARITH);
  CHECK_CUDA(cudaDeviceSynchronize());
  for (int i = 0; i < NARITH; i++) {
    bad += check_ops(a[i], b[i], c[i], out + NOPS * i, "device");
    ops(a[i], b[i], c[i], host);
    bad += check_ops(a[i], b[i], c[i], host, "host");
  }
  return bad;
}

static int check_warp(void) {
  int bad = 0;
  float *w;
  CHECK_CUDA(cudaMallocManaged(&w, 32 * 4));
  warp<<<1, 32>>>(w);
  CHECK_CUDA(cudaDeviceSynchronize());
  for (int l = 0; l < 32; l++) {
    int src = l ^ 3, down = l + 2 < 32 ? l + 2 : l;
    float want = (float)src - 100.0f * src + 10000.0f * down - 5e6f;
    if (w[l] != want && bad++ < 5) printf("shuffle lane %d: got %g, want %g\n", l, w[l], want);
  }
  return bad;
}

int main(void) {
  int bad = check_roundtrip();
  bad += check_convert();
  bad += check_to_int();
  bad += check_arith();
  bad += check_warp();
  printf("bfloat16: %d round trips, conversions in 8 forms, %d x %d operations: %s\n", NCONV, NARITH, NOPS,
         bad ? "FAILED" : "ok");
  return bad != 0;
}
