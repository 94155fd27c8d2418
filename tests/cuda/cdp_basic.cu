// cdp_basic: dynamic parallelism (kernels launching kernels, CUDA 12+
// semantics): a parent launches children that write results; a child sees
// what its parent wrote before the launch; launches nest 3 deep; children
// go into created streams, fire-and-forget and the block's NULL stream;
// a tail launch runs after the grid and all its other children; a dim3
// configuration and dynamic shared memory work; a launch with a bad
// configuration fails into cudaGetLastError; too deep a nesting gives
// cudaErrorLaunchMaxDepthExceeded; the host's synchronize covers all.
// skip: webgpu: no dynamic parallelism (WebGPU cannot launch from a shader)
// skip: cuda: dynamic parallelism needs NVIDIA's device runtime library (libcudadevrt)
#include "check.h"

__global__ void fill(int *out, int base, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = base + i;
}

// each block launches a child that fills its slice; it wrote a marker
// the child must see
__global__ void parent(int *out, int *marker, int per_block) {
  if (threadIdx.x == 0) {
    marker[blockIdx.x] = 7;
    fill<<<(per_block + 31) / 32, 32>>>(out + blockIdx.x * per_block, blockIdx.x * 1000,
                                        per_block);
    if (cudaGetLastError() != cudaSuccess) marker[blockIdx.x] = -1;
  }
}

__global__ void read_marker(const int *marker, int *seen, int b) { seen[b] = marker[b]; }

__global__ void parent_marker(int *marker, int *seen) {
  marker[blockIdx.x] = 40 + blockIdx.x;   // before the launch: the child sees it
  if (threadIdx.x == 0) read_marker<<<1, 1>>>(marker, seen, blockIdx.x);
}

// depth: level 0 (host) -> 1 -> 2 -> 3, each level records itself
__global__ void nest(int *levels, int depth, int max_depth) {
  atomicAdd(&levels[depth], 1);
  if (depth < max_depth && threadIdx.x == 0) nest<<<2, 4>>>(levels, depth + 1, max_depth);
}

// order: children and a tail launch append their tag to a log
__global__ void log_tag(int *log, int *n, int tag) {
  if (threadIdx.x == 0) log[atomicAdd(n, 1)] = tag;
}

__global__ void tail_check(int *log, int *n, int *result) {
  // runs after every other child of the launching grid: all logged before
  int count = *n;
  int ok = count == 3;
  for (int i = 0; i < count; i++) ok = ok && log[i] >= 1 && log[i] <= 3;
  *result = ok ? 1 : 100 + count;
  log[atomicAdd(n, 1)] = 9;
}

__global__ void streams_parent(int *log, int *n, int *result) {
  cudaStream_t s;
  int created = cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking) == cudaSuccess;
  tail_check<<<1, 1, 0, cudaStreamTailLaunch>>>(log, n, result);  // launched first, runs last
  log_tag<<<1, 32, 0, s>>>(log, n, 1);
  log_tag<<<1, 32, 0, cudaStreamFireAndForget>>>(log, n, 2);
  log_tag<<<1, 32>>>(log, n, 3);
  cudaStreamDestroy(s);
  if (!created) *result = -1;
}

// a dim3 configuration, dynamic shared memory, a struct argument
struct Span { int *out; int scale; };

__global__ void grid_child(Span sp) {
  extern __shared__ int tile[];
  int b = blockIdx.y * gridDim.x + blockIdx.x;
  int t = threadIdx.y * blockDim.x + threadIdx.x;
  tile[t] = b * 100 + t;
  __syncthreads();
  int nt = blockDim.x * blockDim.y;
  sp.out[b * nt + t] = tile[nt - 1 - t] * sp.scale;
}

__global__ void dim3_parent(int *out) {
  dim3 g, b;
  g.x = 2; g.y = 3; g.z = 1;
  b.x = 4; b.y = 2; b.z = 1;
  Span sp;
  sp.out = out;
  sp.scale = 2;
  grid_child<<<g, b, 8 * sizeof(int)>>>(sp);
}

// launch errors go to the launching thread's cudaGetLastError
__global__ void bad_launch(int *errs) {
  fill<<<1, 2048>>>(errs, 0, 1);  // too many threads per block
  errs[0] = cudaPeekAtLastError();
  errs[1] = cudaGetLastError();
  errs[2] = cudaGetLastError();  // cleared by the previous call
}

__global__ void too_deep(int *errs, int depth) {
  too_deep<<<1, 1>>>(errs, depth + 1);
  int e = cudaGetLastError();
  if (e != cudaSuccess) {
    errs[0] = e;
    errs[1] = depth;
  }
}

int main() {
  const int blocks = 64, per_block = 50;
  int *out, *marker, *seen;
  CHECK_CUDA(cudaMallocManaged(&out, blocks * per_block * sizeof(int)));
  CHECK_CUDA(cudaMallocManaged(&marker, blocks * sizeof(int)));
  CHECK_CUDA(cudaMallocManaged(&seen, blocks * sizeof(int)));
  parent<<<blocks, 64>>>(out, marker, per_block);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaDeviceSynchronize());
  for (int b = 0; b < blocks; b++) {
    CHECK(7, marker[b]);
    for (int i = 0; i < per_block; i++) CHECK(b * 1000 + i, out[b * per_block + i]);
  }

  parent_marker<<<3, 8>>>(marker, seen);
  CHECK_CUDA(cudaDeviceSynchronize());
  for (int b = 0; b < 3; b++) CHECK(40 + b, seen[b]);

  int *levels;
  CHECK_CUDA(cudaMallocManaged(&levels, 4 * sizeof(int)));
  for (int i = 0; i < 4; i++) levels[i] = 0;
  nest<<<1, 4>>>(levels, 0, 3);
  CHECK_CUDA(cudaDeviceSynchronize());
  // level d has 2^d grids... of 2 blocks of 4 threads; each grid's thread 0s launch
  CHECK(4, levels[0]);
  CHECK(8, levels[1]);    // one grid of 2x4
  CHECK(16, levels[2]);   // two grids (one per parent block)
  CHECK(32, levels[3]);

  int *log, *n, *result;
  CHECK_CUDA(cudaMallocManaged(&log, 16 * sizeof(int)));
  CHECK_CUDA(cudaMallocManaged(&n, sizeof(int)));
  CHECK_CUDA(cudaMallocManaged(&result, sizeof(int)));
  *n = 0;
  *result = 0;
  cudaStream_t st;
  CHECK_CUDA(cudaStreamCreate(&st));
  streams_parent<<<1, 1, 0, st>>>(log, n, result);
  CHECK_CUDA(cudaStreamSynchronize(st));  // covers the children and the tail launch
  CHECK(1, *result);
  CHECK(4, *n);
  CHECK(9, log[3]);
  CHECK_CUDA(cudaStreamDestroy(st));

  int *grid_out;
  CHECK_CUDA(cudaMallocManaged(&grid_out, 48 * sizeof(int)));
  dim3_parent<<<1, 1>>>(grid_out);
  CHECK_CUDA(cudaDeviceSynchronize());
  for (int b = 0; b < 6; b++)
    for (int t = 0; t < 8; t++) CHECK((b * 100 + 7 - t) * 2, grid_out[b * 8 + t]);

  int *errs;
  CHECK_CUDA(cudaMallocManaged(&errs, 3 * sizeof(int)));
  bad_launch<<<1, 1>>>(errs);
  CHECK_CUDA(cudaDeviceSynchronize());
  CHECK(cudaErrorInvalidValue, errs[0]);
  CHECK(cudaErrorInvalidValue, errs[1]);
  CHECK(cudaSuccess, errs[2]);

  errs[0] = errs[1] = 0;
  too_deep<<<1, 1>>>(errs, 0);
  CHECK_CUDA(cudaDeviceSynchronize());
  CHECK(cudaErrorLaunchMaxDepthExceeded, errs[0]);
  CHECK(24, errs[1]);  // the grid at depth 24 (the host's is 0) cannot launch

  CHECK_CUDA(cudaFree(out));
  CHECK_CUDA(cudaFree(marker));
  CHECK_CUDA(cudaFree(seen));
  CHECK_CUDA(cudaFree(levels));
  CHECK_CUDA(cudaFree(log));
  CHECK_CUDA(cudaFree(n));
  CHECK_CUDA(cudaFree(result));
  CHECK_CUDA(cudaFree(grid_out));
  CHECK_CUDA(cudaFree(errs));
  return check_done("cdp_basic");
}
