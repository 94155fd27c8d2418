// cuwa-args: --emit=wgsl
// WGSL pointers belong to one memory space; a CUDA pointer that may point
// into global or shared memory depending on the path is refused on webgpu.
__global__ void pick(float *g, int which) {
  __shared__ float s[32];
  float *p = which ? g : s;
  s[threadIdx.x] = 1.0f;
  __syncthreads();
  g[threadIdx.x] = *p;
}
