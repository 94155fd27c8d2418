// inline_asm: inline PTX (asm / asm volatile with operands) lowered to
// ordinary code on every device: special registers (lane id, warp id,
// lane masks, thread/block indices), bit tricks (prmt, bfe, bfi, lop3, shf,
// brev, popc, clz, bfind), a 128-bit add with add.cc/addc, a borrow chain,
// setp/selp, cvt with rounding, loads/stores, bar.sync and .reg
// temporaries in { } scopes. 32-bit only (inline_asm_64.cu has the rest);
// every result is checked against the host.
#include "check.h"
#include <stdint.h>
#include <string.h>

#define NT 64   /* threads: a 16 x 4 block, two warps */
#define NOUT 48

__device__ __forceinline__ unsigned lane_id() {
  unsigned r;
  asm volatile("mov.u32 %0, %%laneid;" : "=r"(r));
  return r;
}

__device__ unsigned lop3_xor3(unsigned a, unsigned b, unsigned c) {
  unsigned d;
  asm("lop3.b32 %0, %1, %2, %3, 0x96;" : "=r"(d) : "r"(a), "r"(b), "r"(c));
  return d;
}

template <int LUT>
__device__ unsigned lop3(unsigned a, unsigned b, unsigned c) {
  unsigned d;
  asm("lop3.b32 %0, %1, %2, %3, %4;" : "=r"(d) : "r"(a), "r"(b), "r"(c), "n"(LUT));
  return d;
}

__global__ void special_regs(unsigned *out) {
  unsigned t = threadIdx.y * blockDim.x + threadIdx.x;
  unsigned *o = out + t * NOUT;
  unsigned w, lt, le, eq, ge, gt, tx, ty, nx, cx, ncx;
  o[0] = lane_id();
  asm("mov.u32 %0, %%warpid;" : "=r"(w));
  o[1] = w;
  asm("mov.u32 %0, %%lanemask_lt;\n\t"
      "mov.u32 %1, %%lanemask_le;\n\t"
      "mov.u32 %2, %%lanemask_eq;\n\t"
      "mov.u32 %3, %%lanemask_ge;\n\t"
      "mov.u32 %4, %%lanemask_gt;"
      : "=r"(lt), "=r"(le), "=r"(eq), "=r"(ge), "=r"(gt));
  o[2] = lt; o[3] = le; o[4] = eq; o[5] = ge; o[6] = gt;
  asm("mov.u32 %0, %%tid.x; mov.u32 %1, %%tid.y; mov.u32 %2, %%ntid.x;"
      : "=r"(tx), "=r"(ty), "=r"(nx));
  asm("mov.u32 %0, %%ctaid.x;\n mov.u32 %1, %%nctaid.x;" : "=r"(cx), "=r"(ncx));
  o[7] = tx; o[8] = ty; o[9] = nx; o[10] = cx; o[11] = ncx;
}

__global__ void bit_ops(const unsigned *a, const unsigned *b, const unsigned *c, unsigned *out) {
  unsigned t = threadIdx.y * blockDim.x + threadIdx.x;
  unsigned x = a[t], y = b[t], z = c[t], r;
  int sr;
  unsigned *o = out + t * NOUT;
  asm("prmt.b32 %0, %1, %2, %3;" : "=r"(r) : "r"(x), "r"(y), "r"(z));
  o[0] = r;
  asm("prmt.b32 %0, %1, %2, 0x5410;" : "=r"(r) : "r"(x), "r"(y));
  o[1] = r;
  asm("bfe.u32 %0, %1, %2, %3;" : "=r"(r) : "r"(x), "r"(z & 31), "r"((z >> 8) & 31));
  o[2] = r;
  asm("bfe.s32 %0, %1, %2, %3;" : "=r"(sr) : "r"(x), "r"(z & 31), "r"((z >> 8) & 31));
  o[3] = (unsigned)sr;
  asm("bfe.u32 %0, %1, %2, %3;" : "=r"(r) : "r"(x), "r"(z & 63), "r"((z >> 8) & 63));
  o[4] = r;
  asm("bfi.b32 %0, %1, %2, %3, %4;" : "=r"(r) : "r"(x), "r"(y), "r"(z & 31), "r"((z >> 8) & 31));
  o[5] = r;
  o[6] = lop3_xor3(x, y, z);
  o[7] = lop3<0xE8>(x, y, z);   /* majority */
  o[8] = lop3<0x1B>(x, y, z);
  o[9] = lop3<0x00>(x, y, z) ^ lop3<0xFF>(x, y, z);
  asm("brev.b32 %0, %1;" : "=r"(r) : "r"(x));
  o[10] = r;
  asm("popc.b32 %0, %1;" : "=r"(r) : "r"(x));
  o[11] = r;
  asm("clz.b32 %0, %1;" : "=r"(r) : "r"(x >> (z & 31)));
  o[12] = r;
  asm("bfind.u32 %0, %1;" : "=r"(r) : "r"(x >> (z & 31)));
  o[13] = r;
  asm("bfind.s32 %0, %1;" : "=r"(r) : "r"((int)y >> (z & 31)));
  o[14] = r;
  asm("shf.l.wrap.b32 %0, %1, %2, %3;" : "=r"(r) : "r"(x), "r"(y), "r"(z));
  o[15] = r;
  asm("shf.r.clamp.b32 %0, %1, %2, %3;" : "=r"(r) : "r"(x), "r"(y), "r"(z & 63));
  o[16] = r;
  asm("mul.hi.u32 %0, %1, %2;" : "=r"(r) : "r"(x), "r"(y));
  o[17] = r;
  asm("mul.hi.s32 %0, %1, %2;" : "=r"(sr) : "r"((int)x), "r"((int)y));
  o[18] = (unsigned)sr;
  asm("mad.lo.u32 %0, %1, %2, %3;" : "=r"(r) : "r"(x), "r"(y), "r"(z));
  o[19] = r;
  asm("min.s32 %0, %1, %2;" : "=r"(sr) : "r"((int)x), "r"((int)y));
  o[20] = (unsigned)sr;
  asm("max.u32 %0, %1, %2;" : "=r"(r) : "r"(x), "r"(y));
  o[21] = r;
  asm("shr.s32 %0, %1, %2;" : "=r"(sr) : "r"((int)x), "r"(z & 31));
  o[22] = (unsigned)sr;
  asm("shl.b32 %0, %1, %2;" : "=r"(r) : "r"(x), "r"(z & 31));
  o[23] = r;
  asm("{\n\t.reg .pred p;\n\t"
      "setp.lt.u32 p, %1, %2;\n\t"
      "selp.u32 %0, 1, 0, p;\n\t}"
      : "=r"(r) : "r"(x), "r"(y));
  o[24] = r;
  asm("{ .reg .pred p, q; setp.gt.s32 p|q, %1, %2; @q mov.u32 %0, 7; @p mov.u32 %0, 9; }"
      : "=r"(r) : "r"((int)x), "r"((int)y));
  o[25] = r;
  r = x;
  asm("add.u32 %0, %0, %1;" : "+r"(r) : "r"(y));
  o[26] = r;
  asm("{\n\t"
      ".reg .b32 t1, t2;\n\t"
      "xor.b32 t1, %1, %2;\n\t"
      "and.b32 t2, t1, %3;\n\t"
      "not.b32 t2, t2;\n\t"
      "sub.u32 %0, t2, %1;\n\t"
      "}" : "=r"(r) : "r"(x), "r"(y), "r"(z));
  o[27] = r;
  asm("neg.s32 %0, %1;" : "=r"(sr) : "r"((int)x));
  o[28] = (unsigned)sr;
  asm("abs.s32 %0, %1;" : "=r"(sr) : "r"((int)y));
  o[29] = (unsigned)sr;
  asm("and.b32 %0, %1, 0xff00ff;" : "=r"(r) : "r"(x));
  o[30] = r;
}

/* 128-bit a + b with a carry chain; a - b with a borrow chain. */
__global__ void wide_add(const unsigned *a, const unsigned *b, unsigned *sum, unsigned *diff) {
  unsigned t = threadIdx.y * blockDim.x + threadIdx.x;
  const unsigned *x = a + 4 * t, *y = b + 4 * t;
  unsigned s0, s1, s2, s3;
  asm("add.cc.u32 %0, %4, %8;\n\t"
      "addc.cc.u32 %1, %5, %9;\n\t"
      "addc.cc.u32 %2, %6, %10;\n\t"
      "addc.u32 %3, %7, %11;"
      : "=r"(s0), "=r"(s1), "=r"(s2), "=r"(s3)
      : "r"(x[0]), "r"(x[1]), "r"(x[2]), "r"(x[3]), "r"(y[0]), "r"(y[1]), "r"(y[2]), "r"(y[3]));
  sum[4 * t] = s0; sum[4 * t + 1] = s1; sum[4 * t + 2] = s2; sum[4 * t + 3] = s3;
  asm("sub.cc.u32 %0, %4, %8;\n\t"
      "subc.cc.u32 %1, %5, %9;\n\t"
      "subc.cc.u32 %2, %6, %10;\n\t"
      "subc.u32 %3, %7, %11;"
      : "=r"(s0), "=r"(s1), "=r"(s2), "=r"(s3)
      : "r"(x[0]), "r"(x[1]), "r"(x[2]), "r"(x[3]), "r"(y[0]), "r"(y[1]), "r"(y[2]), "r"(y[3]));
  diff[4 * t] = s0; diff[4 * t + 1] = s1; diff[4 * t + 2] = s2; diff[4 * t + 3] = s3;
}

/* Loads, stores, floats, conversions and a barrier inside asm. */
__global__ void mem_ops(const unsigned *in, const float *fin, unsigned *out, float *fout) {
  __shared__ unsigned s[NT];
  unsigned t = threadIdx.y * blockDim.x + threadIdx.x, v, w;
  asm volatile("ld.global.nc.u32 %0, [%1];" : "=r"(v) : "l"(in + t));
  asm volatile("ld.global.u32 %0, [%1+4];" : "=r"(w) : "l"(in + t));
  s[t] = v + w;
  asm volatile("bar.sync 0;" ::: "memory");
  v = s[(t + 1) % NT];
  asm volatile("membar.gl;" ::: "memory");
  asm volatile("st.global.u32 [%0], %1;" :: "l"(out + 4 * t), "r"(v) : "memory");
  float f = fin[t], g;
  int i;
  asm("cvt.rni.s32.f32 %0, %1;" : "=r"(i) : "f"(f));
  out[4 * t + 1] = (unsigned)i;
  asm("cvt.rzi.s32.f32 %0, %1;" : "=r"(i) : "f"(f));
  out[4 * t + 2] = (unsigned)i;
  asm("cvt.rmi.s32.f32 %0, %1;" : "=r"(i) : "f"(f));
  out[4 * t + 3] = (unsigned)i;
  asm("{ .reg .f32 h; mul.f32 h, %1, 0f40000000; add.f32 %0, h, 0f3F800000; }" : "=f"(g) : "f"(f));
  fout[2 * t] = g;
  asm("cvt.rn.f32.s32 %0, %1;" : "=f"(g) : "r"((int)in[t]));
  fout[2 * t + 1] = g;
}

/* ---- host references ---- */

static unsigned h_prmt(unsigned a, unsigned b, unsigned s) {
  unsigned long long x = ((unsigned long long)b << 32) | a;
  unsigned r = 0;
  for (int i = 0; i < 4; i++) {
    unsigned sel = (s >> (4 * i)) & 7;
    r |= (unsigned)((x >> (8 * sel)) & 0xff) << (8 * i);
  }
  return r;
}

static unsigned h_bfe(unsigned a, unsigned pos, unsigned len, int is_signed) {
  pos &= 0xff;
  len &= 0xff;
  unsigned sbit = 0;
  if (is_signed && len != 0) {
    unsigned top = pos + len - 1 < 31 ? pos + len - 1 : 31;
    sbit = (a >> top) & 1;
  }
  unsigned d = 0;
  for (unsigned i = 0; i < 32; i++) {
    unsigned bit = (i < len && pos + i <= 31) ? (a >> (pos + i)) & 1 : sbit;
    d |= bit << i;
  }
  return d;
}

static unsigned h_bfi(unsigned f, unsigned b, unsigned pos, unsigned len) {
  for (unsigned i = 0; i < len && pos + i <= 31; i++)
    b = (b & ~(1u << (pos + i))) | (((f >> i) & 1) << (pos + i));
  return b;
}

static unsigned h_lop3(unsigned a, unsigned b, unsigned c, int lut) {
  unsigned r = 0;
  for (int bit = 0; bit < 32; bit++) {
    int i = (int)(((a >> bit) & 1) << 2 | ((b >> bit) & 1) << 1 | ((c >> bit) & 1));
    r |= (unsigned)((lut >> i) & 1) << bit;
  }
  return r;
}

static unsigned h_brev(unsigned x) {
  unsigned r = 0;
  for (int i = 0; i < 32; i++) r |= ((x >> i) & 1) << (31 - i);
  return r;
}

static int h_clz(unsigned x) {
  int n = 0;
  while (n < 32 && !(x & (0x80000000u >> n))) n++;
  return n;
}

static unsigned h_bfind_u(unsigned x) { return x ? 31 - (unsigned)h_clz(x) : 0xffffffffu; }
static unsigned h_bfind_s(int x) { return h_bfind_u(x < 0 ? ~(unsigned)x : (unsigned)x); }

static unsigned h_shf_l(unsigned lo, unsigned hi, unsigned n) {
  unsigned long long x = ((unsigned long long)hi << 32) | lo;
  return (unsigned)((x << (n & 31)) >> 32);
}

static unsigned h_shf_r_clamp(unsigned lo, unsigned hi, unsigned n) {
  unsigned long long x = ((unsigned long long)hi << 32) | lo;
  n = n > 32 ? 32 : n;
  return (unsigned)(x >> n);
}

static unsigned rnd32(unsigned *s) {
  *s ^= *s << 13;
  *s ^= *s >> 17;
  *s ^= *s << 5;
  return *s;
}

static void check_special(void) {
  unsigned *d_out, h[NT * NOUT];
  CHECK_CUDA(cudaMalloc(&d_out, sizeof h));
  special_regs<<<dim3(3), dim3(16, 4)>>>(d_out);
  CHECK_CUDA(cudaMemcpy(h, d_out, sizeof h, cudaMemcpyDeviceToHost));
  for (unsigned t = 0; t < NT; t++) {
    unsigned *o = h + t * NOUT, lane = t & 31, eq = 1u << lane;
    CHECK(lane, o[0]);
    CHECK(t / 32, o[1]);
    CHECK(eq - 1, o[2]);
    CHECK(lane == 31 ? 0xffffffffu : (eq << 1) - 1, o[3]);
    CHECK(eq, o[4]);
    CHECK(~(eq - 1), o[5]);
    CHECK(lane == 31 ? 0u : ~((eq << 1) - 1), o[6]);
    CHECK(t % 16, o[7]);
    CHECK(t / 16, o[8]);
    CHECK(16, o[9]);
    CHECK(3, o[11]);
    if (o[10] > 2) CHECK(0, o[10]);
  }
  cudaFree(d_out);
}

static void check_bits(void) {
  unsigned a[NT], b[NT], c[NT], h[NT * NOUT], seed = 12345;
  for (int i = 0; i < NT; i++) {
    a[i] = rnd32(&seed);
    b[i] = rnd32(&seed);
    c[i] = rnd32(&seed);
  }
  a[0] = 0; b[0] = 0x80000000u; c[0] = 0x1f1f;   /* edges */
  a[1] = 0xffffffffu; b[1] = 0xffffffffu; c[1] = 0x0000;
  a[2] = 0x12345678u; b[2] = 0x9abcdef0u; c[2] = 0x2010;
  unsigned *d_a, *d_b, *d_c, *d_out;
  CHECK_CUDA(cudaMalloc(&d_a, sizeof a));
  CHECK_CUDA(cudaMalloc(&d_b, sizeof b));
  CHECK_CUDA(cudaMalloc(&d_c, sizeof c));
  CHECK_CUDA(cudaMalloc(&d_out, sizeof h));
  cudaMemcpy(d_a, a, sizeof a, cudaMemcpyHostToDevice);
  cudaMemcpy(d_b, b, sizeof b, cudaMemcpyHostToDevice);
  cudaMemcpy(d_c, c, sizeof c, cudaMemcpyHostToDevice);
  bit_ops<<<1, dim3(16, 4)>>>(d_a, d_b, d_c, d_out);
  CHECK_CUDA(cudaMemcpy(h, d_out, sizeof h, cudaMemcpyDeviceToHost));
  for (int t = 0; t < NT; t++) {
    unsigned x = a[t], y = b[t], z = c[t], *o = h + t * NOUT;
    CHECK(h_prmt(x, y, z), o[0]);
    CHECK(h_prmt(x, y, 0x5410), o[1]);
    CHECK(h_bfe(x, z & 31, (z >> 8) & 31, 0), o[2]);
    CHECK(h_bfe(x, z & 31, (z >> 8) & 31, 1), o[3]);
    CHECK(h_bfe(x, z & 63, (z >> 8) & 63, 0), o[4]);
    CHECK(h_bfi(x, y, z & 31, (z >> 8) & 31), o[5]);
    CHECK(x ^ y ^ z, o[6]);
    CHECK(h_lop3(x, y, z, 0xE8), o[7]);
    CHECK(h_lop3(x, y, z, 0x1B), o[8]);
    CHECK(0xffffffffu, o[9]);
    CHECK(h_brev(x), o[10]);
    CHECK(__builtin_popcount(x), o[11]);
    CHECK(h_clz(x >> (z & 31)), o[12]);
    CHECK(h_bfind_u(x >> (z & 31)), o[13]);
    CHECK(h_bfind_s((int)y >> (z & 31)), o[14]);
    CHECK(h_shf_l(x, y, z), o[15]);
    CHECK(h_shf_r_clamp(x, y, z & 63), o[16]);
    CHECK((unsigned)(((unsigned long long)x * y) >> 32), o[17]);
    CHECK((unsigned)(((long long)(int)x * (int)y) >> 32), o[18]);
    CHECK(x * y + z, o[19]);
    CHECK((unsigned)((int)x < (int)y ? (int)x : (int)y), o[20]);
    CHECK(x > y ? x : y, o[21]);
    CHECK((unsigned)((int)x >> (z & 31)), o[22]);
    CHECK(x << (z & 31), o[23]);
    CHECK(x < y, o[24]);
    CHECK((int)x > (int)y ? 9 : 7, o[25]);
    CHECK(x + y, o[26]);
    CHECK(~((x ^ y) & z) - x, o[27]);
    CHECK(0u - x, o[28]);
    CHECK((int)y < 0 ? 0u - y : y, o[29]);
    CHECK(x & 0xff00ff, o[30]);
  }
  cudaFree(d_a); cudaFree(d_b); cudaFree(d_c); cudaFree(d_out);
}

static void check_wide_add(void) {
  unsigned a[4 * NT], b[4 * NT], s[4 * NT], d[4 * NT], seed = 777;
  for (int i = 0; i < 4 * NT; i++) {
    a[i] = rnd32(&seed);
    b[i] = rnd32(&seed);
  }
  for (int w = 0; w < 4; w++) { a[w] = 0xffffffffu; b[w] = w == 0; }  /* carry through all */
  for (int w = 0; w < 4; w++) { a[4 + w] = 0; b[4 + w] = w == 0; }    /* borrow through all */
  unsigned *d_a, *d_b, *d_s, *d_d;
  CHECK_CUDA(cudaMalloc(&d_a, sizeof a));
  CHECK_CUDA(cudaMalloc(&d_b, sizeof b));
  CHECK_CUDA(cudaMalloc(&d_s, sizeof s));
  CHECK_CUDA(cudaMalloc(&d_d, sizeof d));
  cudaMemcpy(d_a, a, sizeof a, cudaMemcpyHostToDevice);
  cudaMemcpy(d_b, b, sizeof b, cudaMemcpyHostToDevice);
  wide_add<<<1, dim3(16, 4)>>>(d_a, d_b, d_s, d_d);
  CHECK_CUDA(cudaMemcpy(s, d_s, sizeof s, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(d, d_d, sizeof d, cudaMemcpyDeviceToHost));
  for (int t = 0; t < NT; t++) {
    unsigned long long carry = 0, borrow = 0;
    for (int w = 0; w < 4; w++) {
      unsigned long long x = a[4 * t + w], y = b[4 * t + w];
      unsigned long long sum = x + y + carry;
      CHECK((unsigned)sum, s[4 * t + w]);
      carry = sum >> 32;
      unsigned long long dif = x - y - borrow;
      CHECK((unsigned)dif, d[4 * t + w]);
      borrow = x < y + borrow;
    }
  }
  cudaFree(d_a); cudaFree(d_b); cudaFree(d_s); cudaFree(d_d);
}

static void check_mem(void) {
  unsigned in[NT + 1], out[4 * NT], seed = 99;
  float f[2 * NT], fin[NT];
  for (int i = 0; i <= NT; i++) in[i] = rnd32(&seed) % 100000u;
  for (int i = 0; i < NT; i++) fin[i] = (float)(int)(in[i] % 2001u - 1000) / 7.0f;
  fin[0] = 2.5f; fin[1] = -2.5f; fin[2] = 3.5f; fin[3] = -0.5f;  /* ties go to even */
  unsigned *d_in, *d_out;
  float *d_f, *d_fin;
  CHECK_CUDA(cudaMalloc(&d_in, sizeof in));
  CHECK_CUDA(cudaMalloc(&d_out, sizeof out));
  CHECK_CUDA(cudaMalloc(&d_f, sizeof f));
  CHECK_CUDA(cudaMalloc(&d_fin, sizeof fin));
  cudaMemcpy(d_in, in, sizeof in, cudaMemcpyHostToDevice);
  cudaMemcpy(d_fin, fin, sizeof fin, cudaMemcpyHostToDevice);
  mem_ops<<<1, dim3(16, 4)>>>(d_in, d_fin, d_out, d_f);
  CHECK_CUDA(cudaMemcpy(out, d_out, sizeof out, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(f, d_f, sizeof f, cudaMemcpyDeviceToHost));
  for (int t = 0; t < NT; t++) {
    int n = (t + 1) % NT;
    CHECK(in[n] + in[n + 1], out[4 * t]);
    float x = fin[t];
    CHECK((int)rintf(x), (int)out[4 * t + 1]);
    CHECK((int)x, (int)out[4 * t + 2]);
    CHECK((int)floorf(x), (int)out[4 * t + 3]);
    CHECK_NEAR(x * 2.0f + 1.0f, f[2 * t], 0);
    CHECK_NEAR((float)(int)in[t], f[2 * t + 1], 0);
  }
  cudaFree(d_in); cudaFree(d_out); cudaFree(d_f); cudaFree(d_fin);
}

int main(void) {
  check_special();
  check_bits();
  check_wide_add();
  check_mem();
  return check_done("inline_asm");
}
