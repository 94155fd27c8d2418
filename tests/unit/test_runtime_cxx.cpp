// test_runtime_cxx.cpp: cuwa's host headers as C++ host code sees them:
// cuda_runtime.h together with <iostream> and <vector> under
// g++ -std=c++17 -Wall -Wextra -Werror (with and without
// -D__CUWA_HOST_FINAL__), and the C++-only API: template overloads,
// default arguments, dim3 from integers in the <<<>>> rewrite. Linked
// with runtime_fake_module.c and libcuwa; prints "N passed, 0 failed".
#include <iostream>
#include <vector>

#include <cuda_runtime.h>
#include <device_launch_parameters.h>

#include "runtime_fake_module.h"

static int passed, failed;

#define CHECK(cond)                                                    \
  do {                                                                 \
    if (cond)                                                          \
      passed++;                                                        \
    else {                                                             \
      failed++;                                                        \
      std::cout << "FAIL " << __FILE__ << ":" << __LINE__ << ": " << #cond \
                << "\n";                                               \
    }                                                                  \
  } while (0)

#ifdef __CUWA_HOST_FINAL__
// qualifiers that reach the host compiler in this mode compile away
__host__ __device__ __forceinline__ static float twice(float x) { return 2 * x; }
struct __align__(16) Aligned { float v[4]; };
static_assert(alignof(Aligned) == 16, "__align__");
#else
static float twice(float x) { return 2 * x; }
#endif

static_assert(sizeof(float4) == 16 && alignof(float4) == 16, "float4");
static_assert(alignof(double2) == 16 && alignof(int2) == 8, "vector align");
static_assert(sizeof(dim3) == 12, "dim3");

int main() {
  const int n = 1000;
  std::vector<float> a(n), b(n), c(n);
  for (int i = 0; i < n; i++)
    a[i] = float(i), b[i] = twice(float(i));
  float *da = nullptr, *db = nullptr, *dc = nullptr;
  CHECK(cudaMalloc(&da, n * sizeof(float)) == cudaSuccess); // T** overload
  CHECK(cudaMalloc(&db, n * sizeof(float)) == cudaSuccess);
  CHECK(cudaMalloc(&dc, n * sizeof(float)) == cudaSuccess);
  cudaMemcpy(da, a.data(), n * sizeof(float), cudaMemcpyHostToDevice);
  cudaMemcpy(db, b.data(), n * sizeof(float), cudaMemcpyHostToDevice);
  LAUNCH(vadd, (n + 255) / 256, 256, 0, 0, da, db, dc, n); // ints -> dim3
  CHECK(cudaGetLastError() == cudaSuccess);
  CHECK(cudaDeviceSynchronize() == cudaSuccess);
  cudaMemcpy(c.data(), dc, n * sizeof(float), cudaMemcpyDeviceToHost);
  bool ok = true;
  for (int i = 0; i < n; i++)
    ok = ok && c[i] == 3.0f * float(i);
  CHECK(ok);

  // defaults of cuwaPushCallConfiguration and of dim3
  CHECK(cuwaPushCallConfiguration(dim3(2), dim3(4, 1)) == 0);
  vadd(da, db, dc, n);
  CHECK(cudaGetLastError() == cudaSuccess);

  // cudaLaunchKernel(T *) and cudaFuncGetAttributes(T *)
  int m = n;
  void *args[] = {&da, &da, &dc, &m};
  CHECK(cudaLaunchKernel(vadd, dim3(4), dim3(256), args) == cudaSuccess);
  cudaMemcpy(c.data(), dc, n * sizeof(float), cudaMemcpyDeviceToHost);
  CHECK(c[999] == 2 * 999.0f);
  cudaFuncAttributes fa;
  CHECK(cudaFuncGetAttributes(&fa, vadd) == cudaSuccess);
  CHECK(fa.maxThreadsPerBlock == 1024);
  int min_grid = 0, block = 0;
  CHECK(cudaOccupancyMaxPotentialBlockSize(&min_grid, &block, vadd) ==
        cudaSuccess);
  CHECK(block == 1024 && min_grid >= 2);

  // symbols through references to the shadows, with default arguments
  int table[4] = {1, 2, 3, 4}, back[4] = {};
  float scale = 0.5f, scale_back = 0;
  CHECK(cudaMemcpyToSymbol(dev_table, table, sizeof table) == cudaSuccess);
  CHECK(cudaMemcpyToSymbol(dev_scale, &scale, sizeof scale) == cudaSuccess);
  CHECK(cudaMemcpyFromSymbol(back, dev_table, sizeof back) == cudaSuccess);
  CHECK(cudaMemcpyFromSymbol(&scale_back, dev_scale, sizeof(float)) ==
        cudaSuccess);
  CHECK(back[3] == 4 && scale_back == 0.5f);
  size_t size = 0;
  CHECK(cudaGetSymbolSize(&size, dev_table) == cudaSuccess && size == 16);

  // overloads that exist only in C++
  cudaEvent_t ev;
  CHECK(cudaEventCreate(&ev, cudaEventDisableTiming) == cudaSuccess);
  CHECK(cudaEventRecord(ev) == cudaSuccess); // default stream argument
  CHECK(cudaEventDestroy(ev) == cudaSuccess);
  double *pinned = nullptr;
  CHECK(cudaMallocHost(&pinned, 8 * sizeof(double)) == cudaSuccess);
  CHECK(cudaFreeHost(pinned) == cudaSuccess);
  int *managed = nullptr;
  CHECK(cudaMallocManaged(&managed, 16) == cudaSuccess);
  managed[0] = 1;
  CHECK(cudaFree(managed) == cudaSuccess);
  float4 f = make_float4(1, 2, 3, 4);
  uint3 u = {1, 2, 3};
  dim3 d = u;
  CHECK(f.w == 4 && d.z == 3);

  cudaFree(da), cudaFree(db), cudaFree(dc);
  std::cout << passed << " passed, " << failed << " failed\n";
  return failed != 0;
}
