// cuwa-args: --emit=wgsl
// What the webgpu device refuses (the reason the runtime gives at launch
// and tests/cuda skips): atomics, warp collectives, 64-bit integers.
__global__ void count(int *n) { atomicAdd(n, 1); }
__global__ void vote(unsigned *out, int v) { out[threadIdx.x] = __ballot_sync(0xffffffffu, v > 0); }
__global__ void wide(long long *p, long long v) { p[0] = p[1] * v; }
