// int_math: CUDA's integer intrinsics and integer arithmetic against
// host reference implementations, over edge values (0, -1, INT_MIN, ...)
// and pseudo-random ones. All results must be exact.
#include "check.h"
#include <limits.h>
#include <stdint.h>

#define NOUT 30
#define N 64

__global__ void int_ops(const int *a, const int *b, const unsigned *s,
                        const long long *la, const long long *lb, long long *out) {
  int i = threadIdx.x;
  int x = a[i], y = b[i];
  unsigned ux = (unsigned)x, uy = (unsigned)y, sh = s[i];
  long long lx = la[i], ly = lb[i];
  long long *o = out + i * NOUT;
  o[0] = __popc(ux);
  o[1] = __popcll((unsigned long long)lx);
  o[2] = __clz(x);
  o[3] = __clzll(lx);
  o[4] = __ffs(x);
  o[5] = __ffsll(lx);
  o[6] = __brev(ux);
  o[7] = (long long)__brevll((unsigned long long)lx);
  o[8] = __byte_perm(ux, uy, sh & 0x7777);
  o[9] = __mulhi(x, y);
  o[10] = __umulhi(ux, uy);
  o[11] = __mul64hi(lx, ly);
  o[12] = (long long)__umul64hi((unsigned long long)lx, (unsigned long long)ly);
  o[13] = __sad(x, y, sh);
  o[14] = __usad(ux, uy, sh);
  o[15] = __hadd(x, y);
  o[16] = __rhadd(x, y);
  o[17] = __uhadd(ux, uy);
  o[18] = __urhadd(ux, uy);
  o[19] = __funnelshift_l(ux, uy, sh);
  o[20] = __funnelshift_lc(ux, uy, sh);
  o[21] = __funnelshift_r(ux, uy, sh);
  o[22] = __funnelshift_rc(ux, uy, sh);
  o[23] = (int)((unsigned)min(x, y) * 3u + (unsigned)max(x, y));
  o[24] = min(ux, uy) ^ max(ux, uy);
  o[25] = y != 0 && !(x == INT_MIN && y == -1) ? x / y : 0;
  o[26] = y != 0 && !(x == INT_MIN && y == -1) ? x % y : 0;
  o[27] = x >> (sh & 31);
  o[28] = ux >> (sh & 31);
  o[29] = llabs(lx == LLONG_MIN ? 0 : lx) ^ abs(x == INT_MIN ? 0 : x);
}

static int popc64(unsigned long long v) { int n = 0; for (; v; v &= v - 1) n++; return n; }
static int clz64(unsigned long long v) { int n = 0; for (; n < 64 && !(v >> (63 - n) & 1); n++) {} return n; }
static int ffs64(unsigned long long v) { for (int k = 0; k < 64; k++) if (v >> k & 1) return k + 1; return 0; }
static unsigned long long brev64(unsigned long long v, int bits) {
  unsigned long long r = 0;
  for (int k = 0; k < bits; k++) r |= (v >> k & 1) << (bits - 1 - k);
  return r;
}
static unsigned byte_perm(unsigned x, unsigned y, unsigned s) {
  unsigned long long in = (unsigned long long)y << 32 | x;
  unsigned r = 0;
  for (int k = 0; k < 4; k++) r |= (unsigned)(in >> (8 * ((s >> (4 * k)) & 7)) & 0xff) << (8 * k);
  return r;
}
static unsigned funnel_l(unsigned lo, unsigned hi, unsigned s) {
  unsigned long long v = (unsigned long long)hi << 32 | lo;
  return (unsigned)((v << s) >> 32);
}
static unsigned funnel_r(unsigned lo, unsigned hi, unsigned s) {
  unsigned long long v = (unsigned long long)hi << 32 | lo;
  return (unsigned)(v >> s);
}

static void reference(int x, int y, unsigned sh, long long lx, long long ly, long long *o) {
  unsigned ux = (unsigned)x, uy = (unsigned)y;
  o[0] = popc64(ux);
  o[1] = popc64((unsigned long long)lx);
  o[2] = clz64(ux) - 32;
  o[3] = clz64((unsigned long long)lx);
  o[4] = ffs64(ux);
  o[5] = ffs64((unsigned long long)lx);
  o[6] = (unsigned)brev64(ux, 32);
  o[7] = (long long)brev64((unsigned long long)lx, 64);
  o[8] = byte_perm(ux, uy, sh & 0x7777);
  o[9] = (int)(((long long)x * y) >> 32);
  o[10] = (unsigned)(((unsigned long long)ux * uy) >> 32);
  o[11] = (long long)(((__int128)lx * ly) >> 64);
  o[12] = (long long)(unsigned long long)(((unsigned __int128)(unsigned long long)lx *
                                           (unsigned long long)ly) >> 64);
  o[13] = (unsigned)(x > y ? (unsigned)x - (unsigned)y : (unsigned)y - (unsigned)x) + sh;
  o[14] = (unsigned)((ux > uy ? ux - uy : uy - ux) + sh);
  o[15] = (int)(((long long)x + y) >> 1);
  o[16] = (int)(((long long)x + y + 1) >> 1);
  o[17] = (unsigned)(((unsigned long long)ux + uy) >> 1);
  o[18] = (unsigned)(((unsigned long long)ux + uy + 1) >> 1);
  o[19] = funnel_l(ux, uy, sh & 31);
  o[20] = funnel_l(ux, uy, sh < 32 ? sh : 32);
  o[21] = funnel_r(ux, uy, sh & 31);
  o[22] = funnel_r(ux, uy, sh < 32 ? sh : 32);
  o[23] = (int)((unsigned)(x < y ? x : y) * 3u + (unsigned)(x < y ? y : x));
  o[24] = (ux < uy ? ux : uy) ^ (ux < uy ? uy : ux);
  o[25] = y != 0 && !(x == INT_MIN && y == -1) ? x / y : 0;
  o[26] = y != 0 && !(x == INT_MIN && y == -1) ? x % y : 0;
  o[27] = x >> (sh & 31);
  o[28] = ux >> (sh & 31);
  o[29] = (lx == LLONG_MIN ? 0 : (lx < 0 ? -lx : lx)) ^
          (long long)(x == INT_MIN ? 0 : (x < 0 ? -x : x));
}

int main() {
  int a[N], b[N];
  unsigned s[N];
  long long la[N], lb[N];
  const int edge[] = {0, 1, -1, INT_MAX, INT_MIN, 2, -2, 0x55555555, (int)0x80000001u, 12345};
  unsigned long long seed = 0x9e3779b97f4a7c15ull;
  for (int i = 0; i < N; i++) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    a[i] = i < 10 ? edge[i] : (int)(seed >> 32);
    b[i] = i < 10 ? edge[9 - i] : (int)seed;
    s[i] = (unsigned)(seed >> 20) % 40;
    la[i] = i < 10 ? (long long)edge[i] * (i + 1) : (long long)seed;
    lb[i] = i == 0 ? LLONG_MIN : i == 1 ? LLONG_MAX : (long long)(seed * 31 + i);
  }
  int *da, *db;
  unsigned *ds;
  long long *dla, *dlb, *dout, out[N * NOUT];
  CHECK_CUDA(cudaMalloc(&da, sizeof a));
  CHECK_CUDA(cudaMalloc(&db, sizeof b));
  CHECK_CUDA(cudaMalloc(&ds, sizeof s));
  CHECK_CUDA(cudaMalloc(&dla, sizeof la));
  CHECK_CUDA(cudaMalloc(&dlb, sizeof lb));
  CHECK_CUDA(cudaMalloc(&dout, sizeof out));
  CHECK_CUDA(cudaMemcpy(da, a, sizeof a, cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemcpy(db, b, sizeof b, cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemcpy(ds, s, sizeof s, cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemcpy(dla, la, sizeof la, cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemcpy(dlb, lb, sizeof lb, cudaMemcpyHostToDevice));
  int_ops<<<1, N>>>(da, db, ds, dla, dlb, dout);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
  static const char *names[NOUT] = {
      "__popc", "__popcll", "__clz", "__clzll", "__ffs", "__ffsll", "__brev", "__brevll",
      "__byte_perm", "__mulhi", "__umulhi", "__mul64hi", "__umul64hi", "__sad", "__usad",
      "__hadd", "__rhadd", "__uhadd", "__urhadd", "__funnelshift_l", "__funnelshift_lc",
      "__funnelshift_r", "__funnelshift_rc", "min/max", "unsigned min/max", "division",
      "remainder", "signed shift", "unsigned shift", "abs/llabs"};
  for (int i = 0; i < N; i++) {
    long long ref[NOUT];
    reference(a[i], b[i], s[i], la[i], lb[i], ref);
    for (int k = 0; k < NOUT; k++) {
      if (ref[k] != out[i * NOUT + k])
        printf("%s(%d, %d, %u, %lld, %lld): ", names[k], a[i], b[i], s[i], la[i], lb[i]);
      CHECK(ref[k], out[i * NOUT + k]);
    }
  }
  cudaFree(da); cudaFree(db); cudaFree(ds); cudaFree(dla); cudaFree(dlb); cudaFree(dout);
  return check_done("int_math");
}
