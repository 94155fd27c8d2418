// namespaces: device functions, variables (__device__, __constant__), types
// and templates in named, nested (a::b and namespace a::b {}), reopened,
// anonymous and inline namespaces; qualified lookup (a::b::f, ::f),
// namespace aliases, using-declarations and using-directives (at file and
// block scope); a kernel inside a namespace launched as ns::k<<<...>>>,
// and cudaMemcpyToSymbol/FromSymbol on a namespaced variable.
#include "check.h"

namespace geo {
struct Vec3 {
  float x, y, z;
};
__device__ float dot(Vec3 a, Vec3 b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
__constant__ float scale = 2.0f;
__device__ int counter;

namespace detail {
__device__ int twice(int v) { return 2 * v; }
template <typename T>
__device__ T square(T v) { return v * v; }
}  // namespace detail

__device__ int quad(int v) { return detail::twice(detail::twice(v)); }
}  // namespace geo

namespace geo {  // reopened
__device__ int eight(int v) { return 2 * quad(v); }
}

namespace geo::util {  // C++17 nested definition
__device__ int plus_one(int v) { return v + 1; }
}

namespace {
__device__ int hidden(int v) { return v - 1; }
}

namespace lib {
inline namespace v2 {
__device__ int version() { return 2; }
}
}

namespace other {
__device__ int twice(int v) { return 20 * v; }  // not geo::detail::twice
__device__ int only_other(int v) { return v + 1000; }
}

__device__ int twice(int v) { return 200 * v; }  // ::twice

namespace gd = geo::detail;

namespace work {
__global__ void kernel(int *out, float *fout) {
  using namespace geo;
  using other::only_other;
  int i = threadIdx.x;
  Vec3 a = {1.0f * i, 2.0f, 3.0f};
  geo::Vec3 b = {1.0f, 1.0f, 1.0f};
  fout[i] = dot(a, b) * geo::scale;
  out[i * 8 + 0] = geo::detail::twice(i);
  out[i * 8 + 1] = ::twice(i);
  out[i * 8 + 2] = gd::square(i) + gd::square<int>(2);
  out[i * 8 + 3] = eight(i) + quad(1);
  out[i * 8 + 4] = geo::util::plus_one(i) + hidden(i);
  out[i * 8 + 5] = lib::version() + lib::v2::version();
  out[i * 8 + 6] = only_other(i) + other::twice(1);
  out[i * 8 + 7] = twice(i);  // ::twice: the directive does not hide it
  atomicAdd(&geo::counter, 1);
}
}  // namespace work

int main() {
  const int n = 8;
  int hout[n * 8];
  float hf[n];
  int *dout;
  float *df;
  CHECK_CUDA(cudaMalloc(&dout, sizeof hout));
  CHECK_CUDA(cudaMalloc(&df, sizeof hf));
  int zero = 5;
  CHECK_CUDA(cudaMemcpyToSymbol(geo::counter, &zero, sizeof zero));
  work::kernel<<<1, n>>>(dout, df);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(hout, dout, sizeof hout, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hf, df, sizeof hf, cudaMemcpyDeviceToHost));
  int count = 0;
  CHECK_CUDA(cudaMemcpyFromSymbol(&count, geo::counter, sizeof count));
  for (int i = 0; i < n; i++) {
    CHECK_NEAR(2.0f * (i + 5), hf[i], 0);
    CHECK(2 * i, hout[i * 8 + 0]);
    CHECK(200 * i, hout[i * 8 + 1]);
    CHECK(i * i + 4, hout[i * 8 + 2]);
    CHECK(8 * i + 4, hout[i * 8 + 3]);
    CHECK(2 * i, hout[i * 8 + 4]);
    CHECK(4, hout[i * 8 + 5]);
    CHECK(i + 1020, hout[i * 8 + 6]);
    CHECK(200 * i, hout[i * 8 + 7]);
  }
  CHECK(5 + n, count);
  cudaFree(dout);
  cudaFree(df);
  return check_done("namespaces");
}
