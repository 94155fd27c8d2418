// nbody: one all-pairs gravity step for 8192 bodies (float4: position and
// mass), bodies staged through shared memory in tiles of the block size
// (the GPU Gems 3 kernel), then positions and velocities advanced.
#include "bench.h"

#define BLOCK 256

extern "C" void omp_nbody(int n, const float *pos, float *vel, float *out, float dt);

__global__ void nbody(int n, const float4 *pos, float4 *vel, float4 *out, float dt) {
  __shared__ float4 tile[BLOCK];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  float4 p = pos[i];
  float ax = 0.0f, ay = 0.0f, az = 0.0f;
  for (int base = 0; base < n; base += BLOCK) {
    tile[threadIdx.x] = pos[base + threadIdx.x];
    __syncthreads();
    for (int j = 0; j < BLOCK; j++) {
      float4 q = tile[j];
      float dx = q.x - p.x, dy = q.y - p.y, dz = q.z - p.z;
      float d2 = dx * dx + dy * dy + dz * dz + 0.01f;
      float inv = rsqrtf(d2);
      float s = q.w * inv * inv * inv;
      ax += dx * s;
      ay += dy * s;
      az += dz * s;
    }
    __syncthreads();
  }
  float4 v = vel[i];
  v.x += ax * dt;
  v.y += ay * dt;
  v.z += az * dt;
  vel[i] = v;
  out[i] = make_float4(p.x + v.x * dt, p.y + v.y * dt, p.z + v.z * dt, p.w);
}

int main() {
  const int n = 8192;
  float4 *pos, *vel, *out;
  float *vo = new float[4 * n], *oo = new float[4 * n];
  BENCH_CHECK_CUDA(cudaMallocManaged(&pos, n * sizeof(float4)));
  BENCH_CHECK_CUDA(cudaMallocManaged(&vel, n * sizeof(float4)));
  BENCH_CHECK_CUDA(cudaMallocManaged(&out, n * sizeof(float4)));
  for (int i = 0; i < n; i++) {
    pos[i] = make_float4((i % 97) * 0.1f, (i % 89) * 0.1f, (i % 83) * 0.1f, 1.0f + (i % 3));
    vel[i] = make_float4(0, 0, 0, 0);
  }
  for (int i = 0; i < 4 * n; i++) vo[i] = 0.0f;
  nbody<<<n / BLOCK, BLOCK>>>(n, pos, vel, out, 0.001f);
  BENCH_CHECK_CUDA(cudaDeviceSynchronize());
  omp_nbody(n, (const float *)pos, vo, oo, 0.001f);
  bool ok = bench_close((const float *)out, oo, 4 * n, 1e-3);
  double c = bench_cuda_ms([&] { nbody<<<n / BLOCK, BLOCK>>>(n, pos, vel, out, 0.001f); });
  double o = bench_median_ms([&] { omp_nbody(n, (const float *)pos, vo, oo, 0.001f); });
  bench_report("nbody", c, o, ok);
  return bench_failed;
}
