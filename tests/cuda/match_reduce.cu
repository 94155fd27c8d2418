// skip: webgpu: double precision (WGSL has no f64; docs/webgpu.md); the other types pass there
// match_reduce: __match_any_sync and __match_all_sync on int, unsigned,
// long long, float and double values, and __reduce_{add,min,max}_sync
// (int and unsigned) and __reduce_{and,or,xor}_sync, with full and
// partial masks.
#include "check.h"

__global__ void match(const int *key, unsigned *out) {
  int t = threadIdx.x;
  int k = key[t];
  int n = blockDim.x;
  int pred = -1;
  out[0 * n + t] = __match_any_sync(0xffffffff, k);
  out[1 * n + t] = __match_any_sync(0xffffffff, (float)k * 0.5f);
  out[2 * n + t] = __match_any_sync(0xffffffff, (long long)k << 40);
  out[3 * n + t] = 0;
  if (0x00ff00ffu >> (t & 31) & 1) out[3 * n + t] = __match_any_sync(0x00ff00ff, (double)(k % 3));
  out[4 * n + t] = __match_all_sync(0xffffffff, k, &pred);
  out[5 * n + t] = pred;
  out[6 * n + t] = 7;
  out[7 * n + t] = 7;
  if ((t & 31) < 4) {
    out[6 * n + t] = __match_all_sync(0x0000000f, (unsigned)(t / 4), &pred);
    out[7 * n + t] = pred;
  }
}

__global__ void reduce(const int *v, int *out) {
  int t = threadIdx.x, n = blockDim.x;
  int x = v[t];
  unsigned u = (unsigned)x;
  out[0 * n + t] = __reduce_add_sync(0xffffffff, x);
  out[1 * n + t] = __reduce_min_sync(0xffffffff, x);
  out[2 * n + t] = __reduce_max_sync(0xffffffff, x);
  out[3 * n + t] = (int)__reduce_add_sync(0xffffffff, u);
  out[4 * n + t] = (int)__reduce_min_sync(0xffffffff, u);
  out[5 * n + t] = (int)__reduce_max_sync(0xffffffff, u);
  out[6 * n + t] = (int)__reduce_and_sync(0xffffffff, u | 0x10u);
  out[7 * n + t] = (int)__reduce_or_sync(0xffffffff, u & 0xf0u);
  out[8 * n + t] = (int)__reduce_xor_sync(0xffffffff, u);
  int r = 0;
  if ((t & 31) < 8) r = __reduce_add_sync(0x000000ff, x);
  out[9 * n + t] = r;
}

int main() {
  const int n = 64;
  int hk[n], hv[n];
  for (int t = 0; t < n; t++) {
    hk[t] = (t * 5) % 7;
    hv[t] = (t % 2 ? -1 : 1) * (t * 37 % 101) + (t == 40 ? 2000000000 : 0);
  }
  for (int t = 32; t < 64; t++) hk[t] = 4;  // the second warp agrees
  int *dk, *dv, *dr;
  unsigned *dm, hm[8 * n];
  int hr[10 * n];
  CHECK_CUDA(cudaMalloc(&dk, sizeof hk));
  CHECK_CUDA(cudaMalloc(&dv, sizeof hv));
  CHECK_CUDA(cudaMalloc(&dm, sizeof hm));
  CHECK_CUDA(cudaMalloc(&dr, sizeof hr));
  CHECK_CUDA(cudaMemcpy(dk, hk, sizeof hk, cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemcpy(dv, hv, sizeof hv, cudaMemcpyHostToDevice));
  match<<<1, n>>>(dk, dm);
  reduce<<<1, n>>>(dv, dr);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(hm, dm, sizeof hm, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hr, dr, sizeof hr, cudaMemcpyDeviceToHost));
  for (int t = 0; t < n; t++) {
    int w0 = t / 32 * 32;
    unsigned same = 0, same3 = 0;
    for (int l = 0; l < 32; l++) {
      if (hk[w0 + l] == hk[t]) same |= 1u << l;
      if ((0x00ff00ffu >> l & 1) && hk[w0 + l] % 3 == hk[t] % 3) same3 |= 1u << l;
    }
    if (!(0x00ff00ffu >> (t & 31) & 1)) same3 = 0;
    CHECK(same, hm[0 * n + t]);
    CHECK(same, hm[1 * n + t]);
    CHECK(same, hm[2 * n + t]);
    CHECK(same3, hm[3 * n + t]);
    bool all = same == 0xffffffffu;
    CHECK(all ? 0xffffffffu : 0u, hm[4 * n + t]);
    CHECK(all, hm[5 * n + t]);
    // lanes 0..3 of the first warp all pass 0; those of the second all 8
    CHECK((t & 31) < 4 ? 0xfu : 7u, hm[6 * n + t]);
    CHECK((t & 31) < 4 ? 1 : 7, hm[7 * n + t]);

    int sum = 0, mn = hv[w0], mx = hv[w0], sum8 = 0;
    unsigned usum = 0, umn = ~0u, umx = 0, uand = ~0u, uor = 0, uxor = 0;
    for (int l = 0; l < 32; l++) {
      int x = hv[w0 + l];
      unsigned u = (unsigned)x;
      sum = (int)((unsigned)sum + u);
      if (x < mn) mn = x;
      if (x > mx) mx = x;
      usum += u;
      if (u < umn) umn = u;
      if (u > umx) umx = u;
      uand &= u | 0x10u;
      uor |= u & 0xf0u;
      uxor ^= u;
      if (l < 8) sum8 += x;
    }
    CHECK(sum, hr[0 * n + t]);
    CHECK(mn, hr[1 * n + t]);
    CHECK(mx, hr[2 * n + t]);
    CHECK((int)usum, hr[3 * n + t]);
    CHECK((int)umn, hr[4 * n + t]);
    CHECK((int)umx, hr[5 * n + t]);
    CHECK((int)uand, hr[6 * n + t]);
    CHECK((int)uor, hr[7 * n + t]);
    CHECK((int)uxor, hr[8 * n + t]);
    CHECK((t & 31) < 8 ? sum8 : 0, hr[9 * n + t]);
  }
  return check_done("match_reduce");
}
