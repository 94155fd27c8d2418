// class_scope: names in class and enum scopes: static member functions
// (S::f()), static const / static constexpr data members with in-class
// initializers in constant expressions (array bounds, template arguments),
// nested typedefs, alias declarations and types (S::type, typename
// T::value_type), enumerators of enums inside classes, explicit
// specializations with static members (Tr<float>::n); enum class and enums
// with a fixed underlying type; default arguments of functions, member
// functions and function templates.
#include "check.h"

struct Config {
  static const int N = 4;
  static constexpr int M = N * 2;
  static constexpr float SCALE = 0.5f;
  typedef int index_type;
  using value_type = float;
  enum Mode { FAST = 1, SLOW = 2 };
  struct Pair {
    int a, b;
  };
  __device__ static int total(int v) { return v * N + M; }
};

template <typename T>
struct Traits {
  static const int n = 1;
  typedef T value_type;
};
template <>
struct Traits<float> {
  static const int n = 4;
  typedef float value_type;
};

template <int K>
__device__ int times_k(int v) { return K * v; }

template <typename Tr>
__device__ typename Tr::value_type first_of(const typename Tr::value_type *p) {
  typename Tr::value_type v = p[0];
  return v * Tr::n;
}

enum class Color { Red, Green = 5, Blue };
enum class Small : unsigned char { A = 1, B = 200 };
enum Wide : long long { W0 = 1, W1 = 1LL << 40 };

__device__ int add(int a, int b = 10, int c = 100) { return a + b + c; }

struct Acc {
  int sum;
  __device__ void put(int v, int weight = 2) { sum += v * weight; }
};

template <typename T>
__device__ T mul(T a, T b = T(3)) { return a * b; }

__device__ int color_code(Color c) {
  switch (c) {
  case Color::Red: return 1;
  case Color::Green: return 2;
  default: return 3;
  }
}

__global__ void kernel(int *out, float *fout) {
  int i = threadIdx.x;
  __shared__ int buf[Config::M];
  Config::index_type idx = i % Config::N;
  Config::value_type half = Config::SCALE;
  buf[i % Config::M] = i;
  Config::Pair pr = {i, Config::FAST + Config::SLOW};
  out[i * 12 + 0] = Config::total(i);
  out[i * 12 + 1] = times_k<Config::M>(idx);
  out[i * 12 + 2] = pr.a + pr.b + Config::M + buf[0] * 0;
  out[i * 12 + 3] = Traits<float>::n + Traits<int>::n;
  Color c = i % 2 ? Color::Green : Color::Blue;
  out[i * 12 + 4] = (int)c + color_code(c) * 10 + (c == Color::Blue ? 100 : 0);
  static_assert(sizeof(Small) == 1, "enum class Small : unsigned char");
  static_assert(sizeof(Wide) == 8, "enum Wide : long long");
  out[i * 12 + 5] = (int)Small::B + 1000;
  static_assert((W1 >> 40) == 1, "a 64-bit enumerator");
  static_assert(W0 == 1, "");
  out[i * 12 + 6] = Config::FAST + 80;
  out[i * 12 + 7] = add(i) + add(i, 1) + add(i, 1, 2);
  Acc acc;
  acc.sum = 0;
  acc.put(i);
  acc.put(i, 5);
  out[i * 12 + 8] = acc.sum;
  out[i * 12 + 9] = mul(i) + mul(i, 2);
  out[i * 12 + 10] = static_cast<int>(Color::Blue) + (int)static_cast<Color>(5);
  float vals[2];
  vals[0] = 1.5f + i;
  fout[i] = first_of<Traits<float> >(vals) + half;
  out[i * 12 + 11] = 0;
}

int main() {
  const int n = 8;
  int hout[n * 12];
  float hf[n];
  int *dout;
  float *df;
  CHECK_CUDA(cudaMalloc(&dout, sizeof hout));
  CHECK_CUDA(cudaMalloc(&df, sizeof hf));
  kernel<<<1, n>>>(dout, df);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(hout, dout, sizeof hout, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hf, df, sizeof hf, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) {
    int *o = hout + i * 12;
    CHECK(i * 4 + 8, o[0]);
    CHECK(8 * (i % 4), o[1]);
    CHECK(i + 3 + 8, o[2]);
    CHECK(5, o[3]);
    CHECK(i % 2 ? 5 + 20 : 6 + 30 + 100, o[4]);
    CHECK(1200, o[5]);
    CHECK(81, o[6]);
    CHECK(3 * i + 110 + 101 + 3, o[7]);
    CHECK(7 * i, o[8]);
    CHECK(5 * i, o[9]);
    CHECK(11, o[10]);
    CHECK_NEAR((1.5f + i) * 4 + 0.5f, hf[i], 0);
  }
  cudaFree(dout);
  cudaFree(df);
  return check_done("class_scope");
}
