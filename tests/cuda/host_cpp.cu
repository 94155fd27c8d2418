// host_cpp: host code that uses real C++ (iostream, std::vector, std::string,
// std::sort with a lambda, a class with a constructor and methods, a
// template function, a namespace, operator overloading) around kernel
// launches, as CUDA programs do; only the kernels go to cuwa's compiler.
#include <algorithm>
#include <iostream>
#include <numeric>
#include <string>
#include <vector>
#include "check.h"

namespace app {

__global__ void square_all(const int *in, long long *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = (long long)in[i] * in[i];
}

template <typename T>
T sum_of(const std::vector<T> &v) {
  return std::accumulate(v.begin(), v.end(), T(0));
}

class DeviceBuffer {
 public:
  explicit DeviceBuffer(size_t bytes) : bytes_(bytes) { CHECK_CUDA(cudaMalloc(&ptr_, bytes)); }
  ~DeviceBuffer() { cudaFree(ptr_); }
  template <typename T> T *as() const { return static_cast<T *>(ptr_); }
  size_t size() const { return bytes_; }

 private:
  void *ptr_ = nullptr;
  size_t bytes_;
};

struct Vec2 {
  int x, y;
  Vec2 operator+(const Vec2 &o) const { return {x + o.x, y + o.y}; }
};

}  // namespace app

int main() {
  std::vector<int> values(1000);
  std::iota(values.begin(), values.end(), -500);
  std::sort(values.begin(), values.end(), [](int a, int b) { return a * a < b * b || (a * a == b * b && a < b); });
  app::DeviceBuffer in(values.size() * sizeof(int)), out(values.size() * sizeof(long long));
  CHECK_CUDA(cudaMemcpy(in.as<int>(), values.data(), in.size(), cudaMemcpyHostToDevice));
  int n = (int)values.size();
  app::square_all<<<(n + 255) / 256, 256>>>(in.as<int>(), out.as<long long>(), n);
  CHECK_CUDA(cudaGetLastError());
  std::vector<long long> squares(values.size());
  CHECK_CUDA(cudaMemcpy(squares.data(), out.as<long long>(), out.size(), cudaMemcpyDeviceToHost));
  CHECK(1, std::is_sorted(squares.begin(), squares.end()));
  for (int i = 0; i < n; i++) CHECK((long long)values[i] * values[i], squares[i]);
  long long total = app::sum_of(squares);
  long long expected = 0;
  for (int v = -500; v < 500; v++) expected += (long long)v * v;
  CHECK(expected, total);
  app::Vec2 p = app::Vec2{1, 2} + app::Vec2{30, 40};
  CHECK(31, p.x);
  CHECK(42, p.y);
  std::string name = "host_cpp";
  std::cout << name << ": sum of squares " << total << std::endl;
  return check_done(name.c_str());
}
