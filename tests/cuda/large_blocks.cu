// large_blocks: blocks of 320 and 1024 threads that use barriers,
// shared memory, warp shuffles, votes and block collectives. On an
// adapter with fewer invocations per workgroup (SwiftShader: 256) the
// webgpu device runs several CUDA threads per invocation
// (docs/webgpu.md); the answers must not change: a tree reduction after
// an early return, a loop whose trip count comes from memory with a
// barrier inside, a collective device function, __syncthreads_count/
// _and/_or, a local array live across a barrier, a block-uniform counter
// updated in a loop, and warp sums by shuffles and __reduce_add_sync.
#include "check.h"

__device__ int block_sum(int v, int *sh) {  // every thread of the block calls it
  int t = threadIdx.x;
  sh[t] = v;
  __syncthreads();
  int p2 = 1;
  while (p2 < (int)blockDim.x) p2 *= 2;
  for (int s = p2 / 2; s > 0; s /= 2) {
    if (t < s && t + s < (int)blockDim.x) sh[t] += sh[t + s];
    __syncthreads();
  }
  int r = sh[0];
  __syncthreads();
  return r;
}

__global__ void tree(const int *in, int *out, int n) {
  __shared__ int sh[1024];
  int t = threadIdx.x, i = blockIdx.x * blockDim.x + t;
  int v = i < n ? in[i] : 0;
  int total = block_sum(v, sh);
  sh[t] = v * 2;
  if (i >= n) return;  // early return, then a barrier the others still reach
  __syncthreads();
  out[i] = total + sh[blockDim.x - 1 - t] + (t == 0 ? 0 : sh[t - 1]);
}

// rounds comes from memory: the loop with a barrier is not provably
// uniform, so each iteration votes whether any thread is still in it
__global__ void rounds_loop(const int *rounds, int *out) {
  __shared__ int sh[1024];
  int t = threadIdx.x, r = *rounds, acc = t;
  for (int k = 0; k < r; k++) {
    sh[t] = acc;
    __syncthreads();
    acc += sh[(t + 1) % blockDim.x];
    __syncthreads();
  }
  out[blockIdx.x * blockDim.x + t] = acc;
}

__global__ void collectives(int *out) {
  int t = threadIdx.x;
  int local[4];  // lives in the invocation's local memory, one copy per thread
  for (int k = 0; k < 4; k++) local[k] = t * 10 + k;
  int count = __syncthreads_count(t % 3 == 0);
  int all = __syncthreads_and(t < 100000);
  int any = __syncthreads_or(t == (int)blockDim.x - 1);
  int steps = 0;  // block-uniform, updated in a loop without barriers
  for (int k = 0; k < 5; k++) steps += 2;
  __syncthreads();
  unsigned odd = __ballot_sync(0xffffffffu, t & 1);
  int sum = t;
  for (int o = 16; o > 0; o /= 2) sum += __shfl_down_sync(0xffffffffu, sum, o);
  int wsum = __reduce_add_sync(0xffffffffu, t);
  unsigned same = __match_any_sync(0xffffffffu, t / 8);
  int *o = out + 8 * t;
  o[0] = count;
  o[1] = all * 2 + any;
  o[2] = steps;
  o[3] = (int)odd;
  o[4] = sum;
  o[5] = wsum;
  o[6] = (int)same;
  o[7] = local[0] + local[1] + local[2] + local[3];
}

static void check_tree(int threads) {
  const int n = 5000;
  int blocks = (n + threads - 1) / threads;
  int *h = new int[n], *r = new int[n], *din, *dout;
  for (int i = 0; i < n; i++) h[i] = i % 17 - 8;
  CHECK_CUDA(cudaMalloc(&din, n * sizeof(int)));
  CHECK_CUDA(cudaMalloc(&dout, n * sizeof(int)));
  CHECK_CUDA(cudaMemcpy(din, h, n * sizeof(int), cudaMemcpyHostToDevice));
  tree<<<blocks, threads>>>(din, dout, n);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(r, dout, n * sizeof(int), cudaMemcpyDeviceToHost));
  int bad = 0;
  for (int b = 0; b < blocks; b++) {
    int total = 0;
    for (int t = 0; t < threads && b * threads + t < n; t++) total += h[b * threads + t];
    for (int t = 0; t < threads && b * threads + t < n; t++) {
      int i = b * threads + t, m = b * threads + threads - 1 - t;
      int mirror = m < n ? 2 * h[m] : 0, prev = t == 0 ? 0 : 2 * h[i - 1];
      bad += r[i] != total + mirror + prev;
    }
  }
  if (bad) printf("tree %d: %d wrong\n", threads, bad);
  CHECK(0, bad);
  CHECK_CUDA(cudaFree(din));
  CHECK_CUDA(cudaFree(dout));
  delete[] h;
  delete[] r;
}

static void check_rounds(int threads) {
  int *dr, *dout, rounds = 3, *h = new int[2 * threads];
  CHECK_CUDA(cudaMalloc(&dr, sizeof(int)));
  CHECK_CUDA(cudaMalloc(&dout, 2 * threads * sizeof(int)));
  CHECK_CUDA(cudaMemcpy(dr, &rounds, sizeof(int), cudaMemcpyHostToDevice));
  rounds_loop<<<2, threads>>>(dr, dout);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(h, dout, 2 * threads * sizeof(int), cudaMemcpyDeviceToHost));
  int *ref = new int[threads], *nxt = new int[threads], bad = 0;
  for (int t = 0; t < threads; t++) ref[t] = t;
  for (int k = 0; k < rounds; k++) {
    for (int t = 0; t < threads; t++) nxt[t] = ref[t] + ref[(t + 1) % threads];
    for (int t = 0; t < threads; t++) ref[t] = nxt[t];
  }
  for (int b = 0; b < 2; b++)
    for (int t = 0; t < threads; t++) bad += h[b * threads + t] != ref[t];
  if (bad) printf("rounds %d: %d wrong\n", threads, bad);
  CHECK(0, bad);
  CHECK_CUDA(cudaFree(dr));
  CHECK_CUDA(cudaFree(dout));
  delete[] h;
  delete[] ref;
  delete[] nxt;
}

static void check_collectives(int threads) {
  int *d, *h = new int[8 * threads];
  CHECK_CUDA(cudaMalloc(&d, 8 * threads * sizeof(int)));
  collectives<<<1, threads>>>(d);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(h, d, 8 * threads * sizeof(int), cudaMemcpyDeviceToHost));
  int bad = 0, count = (threads + 2) / 3;
  for (int t = 0; t < threads; t++) {
    int *o = h + 8 * t, w0 = t / 32 * 32, lane = t % 32, sum = 0, wsum = 0;
    // __shfl_down_sync tree: lane 0 has the warp's sum; other lanes partial sums
    int v[32];
    for (int l = 0; l < 32; l++) v[l] = w0 + l;
    for (int off = 16; off > 0; off /= 2)
      for (int l = 0; l < 32; l++) v[l] = v[l] + (l + off < 32 ? v[l + off] : v[l]);
    sum = v[lane];
    for (int l = 0; l < 32; l++) wsum += w0 + l;
    unsigned same = 0;
    for (int l = 0; l < 32; l++)
      if ((w0 + l) / 8 == t / 8) same |= 1u << l;
    bad += o[0] != count;
    bad += o[1] != 3;
    bad += o[2] != 10;
    bad += (unsigned)o[3] != 0xaaaaaaaau;
    bad += o[4] != sum;
    bad += o[5] != wsum;
    bad += (unsigned)o[6] != same;
    bad += o[7] != 40 * t + 6;
  }
  if (bad) printf("collectives %d: %d wrong\n", threads, bad);
  CHECK(0, bad);
  CHECK_CUDA(cudaFree(d));
  delete[] h;
}

int main() {
  int sizes[] = {320, 1024};
  for (int k = 0; k < 2; k++) {
    check_tree(sizes[k]);
    check_rounds(sizes[k]);
    check_collectives(sizes[k]);
  }
  return check_done("large_blocks");
}
