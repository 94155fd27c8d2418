// skip: webgpu: 64-bit integers, double precision and clock64 (WGSL has none of them; docs/webgpu.md)
// inline_asm_64: the 64-bit side of inline PTX: mov.b64 pack/unpack,
// mul.wide/mul.hi.u64/mad.wide, a 128-bit add with add.cc.u64/addc.u64,
// 64-bit bit operations, cvt between widths and to/from double, address
// arithmetic in a 64-bit register, and %clock64 / %globaltimer moving
// forward. Checked against the host.
#include "check.h"
#include <stdint.h>

#define NT 32
#define NOUT 24

typedef unsigned long long u64;

__global__ void ops64(const u64 *a, const u64 *b, u64 *out) {
  unsigned t = threadIdx.x;
  u64 x = a[t], y = b[t], r, *o = out + t * NOUT;
  unsigned lo, hi;
  asm("mov.b64 {%0, %1}, %2;" : "=r"(lo), "=r"(hi) : "l"(x));
  o[0] = lo;
  o[1] = hi;
  asm("mov.b64 %0, {%1, %2};" : "=l"(r) : "r"(hi), "r"((unsigned)y));
  o[2] = r;
  asm("mul.wide.u32 %0, %1, %2;" : "=l"(r) : "r"((unsigned)x), "r"((unsigned)y));
  o[3] = r;
  long long sr;
  asm("mul.wide.s32 %0, %1, %2;" : "=l"(sr) : "r"((int)x), "r"((int)y));
  o[4] = (u64)sr;
  asm("mul.hi.u64 %0, %1, %2;" : "=l"(r) : "l"(x), "l"(y));
  o[5] = r;
  asm("mad.wide.u32 %0, %1, %2, %3;" : "=l"(r) : "r"((unsigned)x), "r"((unsigned)y), "l"(x));
  o[6] = r;
  asm("popc.b64 %0, %1;" : "=r"(lo) : "l"(x));
  o[7] = lo;
  asm("clz.b64 %0, %1;" : "=r"(lo) : "l"(x >> (y & 63)));
  o[8] = lo;
  asm("brev.b64 %0, %1;" : "=l"(r) : "l"(x));
  o[9] = r;
  asm("bfe.u64 %0, %1, %2, %3;" : "=l"(r) : "l"(x), "r"((unsigned)y & 63), "r"((unsigned)(y >> 8) & 63));
  o[10] = r;
  asm("bfe.s64 %0, %1, %2, %3;" : "=l"(r) : "l"(x), "r"((unsigned)y & 63), "r"((unsigned)(y >> 8) & 63));
  o[11] = r;
  asm("shr.u64 %0, %1, %2;" : "=l"(r) : "l"(x), "r"((unsigned)y & 63));
  o[12] = r;
  asm("cvt.u32.u64 %0, %1;" : "=r"(lo) : "l"(x));
  o[13] = lo;
  asm("cvt.s64.s32 %0, %1;" : "=l"(sr) : "r"((int)y));
  o[14] = (u64)sr;
  double d;
  asm("cvt.rn.f64.s64 %0, %1;" : "=d"(d) : "l"((long long)(x >> 12)));
  o[15] = (u64)(long long)d;
  asm("cvt.rzi.s64.f64 %0, %1;" : "=l"(sr) : "d"((double)(long long)y / 3.0));
  o[16] = (u64)sr;
  asm("{ .reg .pred p; setp.hi.u64 p, %1, %2; selp.b64 %0, %1, %2, p; }" : "=l"(r) : "l"(x), "l"(y));
  o[17] = r;
  asm("{ .reg .u64 q; add.u64 q, %1, 8; ld.global.u64 %0, [q]; }" : "=l"(r) : "l"(a + t));
  o[18] = r;
  asm("xor.b64 %0, %1, %2;" : "=l"(r) : "l"(x), "l"(y));
  o[19] = r;
}

/* 128-bit a + b: two 64-bit words with a carry */
__global__ void add128(const u64 *a, const u64 *b, u64 *s) {
  unsigned t = threadIdx.x;
  u64 lo, hi;
  asm("add.cc.u64 %0, %2, %4;\n\taddc.u64 %1, %3, %5;"
      : "=l"(lo), "=l"(hi) : "l"(a[2 * t]), "l"(a[2 * t + 1]), "l"(b[2 * t]), "l"(b[2 * t + 1]));
  s[2 * t] = lo;
  s[2 * t + 1] = hi;
}

__global__ void clocks(u64 *out, const u64 *a) {
  u64 c0, c1, g0, g1;
  unsigned c32;
  asm volatile("mov.u64 %0, %%clock64;" : "=l"(c0));
  asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(g0));
  u64 x = 1;
  for (int i = 0; i < 10000; i++) x = x * a[i % NT] + 1;
  asm volatile("mov.u64 %0, %%clock64;" : "=l"(c1));
  asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(g1));
  asm volatile("mov.u32 %0, %%clock;" : "=r"(c32));
  out[4 * threadIdx.x] = c1 > c0;
  out[4 * threadIdx.x + 1] = g1 >= g0;
  out[4 * threadIdx.x + 2] = c32 == c32;
  out[4 * threadIdx.x + 3] = x != 0 || x == 0;
}

static u64 rnd64(u64 *s) {
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

static u64 h_bfe64(u64 a, unsigned pos, unsigned len, int is_signed) {
  u64 sbit = 0, d = 0;
  if (is_signed && len) sbit = (a >> (pos + len - 1 < 63 ? pos + len - 1 : 63)) & 1;
  for (unsigned i = 0; i < 64; i++) d |= ((i < len && pos + i <= 63) ? (a >> (pos + i)) & 1 : sbit) << i;
  return d;
}

static u64 h_brev64(u64 x) {
  u64 r = 0;
  for (int i = 0; i < 64; i++) r |= ((x >> i) & 1) << (63 - i);
  return r;
}

static int h_clz64(u64 x) {
  int n = 0;
  while (n < 64 && !(x & (0x8000000000000000ull >> n))) n++;
  return n;
}

int main(void) {
  u64 a[NT + 1], b[NT], h[NT * NOUT], seed = 0x9e3779b97f4a7c15ull;
  for (int i = 0; i <= NT; i++) a[i] = rnd64(&seed);
  for (int i = 0; i < NT; i++) b[i] = rnd64(&seed);
  a[0] = ~0ull; b[0] = 0x3f3f;
  u64 *d_a, *d_b, *d_o;
  CHECK_CUDA(cudaMalloc(&d_a, sizeof a));
  CHECK_CUDA(cudaMalloc(&d_b, sizeof b));
  CHECK_CUDA(cudaMalloc(&d_o, sizeof h));
  cudaMemcpy(d_a, a, sizeof a, cudaMemcpyHostToDevice);
  cudaMemcpy(d_b, b, sizeof b, cudaMemcpyHostToDevice);
  ops64<<<1, NT>>>(d_a, d_b, d_o);
  CHECK_CUDA(cudaMemcpy(h, d_o, sizeof h, cudaMemcpyDeviceToHost));
  for (int t = 0; t < NT; t++) {
    u64 x = a[t], y = b[t], *o = h + t * NOUT;
    unsigned ps = (unsigned)y & 63, pl = (unsigned)(y >> 8) & 63;
    CHECK((unsigned)x, o[0]);
    CHECK((unsigned)(x >> 32), o[1]);
    CHECK((u64)(unsigned)y << 32 | (x >> 32), o[2]);
    CHECK((u64)(unsigned)x * (unsigned)y, o[3]);
    CHECK((u64)((long long)(int)x * (int)y), o[4]);
    CHECK((u64)(((unsigned __int128)x * y) >> 64), o[5]);
    CHECK((u64)(unsigned)x * (unsigned)y + x, o[6]);
    CHECK(__builtin_popcountll(x), o[7]);
    CHECK(h_clz64(x >> (y & 63)), o[8]);
    CHECK(h_brev64(x), o[9]);
    CHECK(h_bfe64(x, ps, pl, 0), o[10]);
    CHECK(h_bfe64(x, ps, pl, 1), o[11]);
    CHECK(x >> (y & 63), o[12]);
    CHECK((unsigned)x, o[13]);
    CHECK((u64)(long long)(int)y, o[14]);
    CHECK((u64)(long long)(double)(long long)(x >> 12), o[15]);
    CHECK((u64)(long long)((double)(long long)y / 3.0), o[16]);
    CHECK(x > y ? x : y, o[17]);
    CHECK(a[t + 1], o[18]);
    CHECK(x ^ y, o[19]);
  }
  /* 128-bit adds: a's and b's words in pairs */
  u64 s[NT];
  add128<<<1, NT / 2>>>(d_a, d_b, d_o);
  CHECK_CUDA(cudaMemcpy(s, d_o, sizeof s, cudaMemcpyDeviceToHost));
  for (int t = 0; t < NT / 2; t++) {
    unsigned __int128 x = (unsigned __int128)a[2 * t + 1] << 64 | a[2 * t];
    unsigned __int128 y = (unsigned __int128)b[2 * t + 1] << 64 | b[2 * t];
    unsigned __int128 z = x + y;
    CHECK((u64)z, s[2 * t]);
    CHECK((u64)(z >> 64), s[2 * t + 1]);
  }
  clocks<<<1, 4>>>(d_o, d_a);
  CHECK_CUDA(cudaMemcpy(h, d_o, 16 * sizeof(u64), cudaMemcpyDeviceToHost));
  for (int i = 0; i < 16; i++) CHECK(1, h[i]);
  cudaFree(d_a); cudaFree(d_b); cudaFree(d_o);
  return check_done("inline_asm_64");
}
