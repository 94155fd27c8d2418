// out_of_class: member functions, constructors, destructors and operators
// defined outside their class (S::f, S::S, S::~S), static data members
// defined outside the class, and out-of-class members of class templates
// (template <class T> T V<T>::get() const).
#include "check.h"

struct S {
  int x;
  static const int N;
  static constexpr int M = 3;
  __device__ S(int a);
  __device__ S();
  __device__ float f() const;
  __device__ int g(int k) const;
  __device__ int g(float k) const;
  __device__ S operator+(const S &o) const;
  __device__ int *data();
};

const int S::N = 40;
constexpr int S::M;

__device__ S::S(int a) : x(a) {}
__device__ S::S() : S(2) {}  // delegating
__device__ float S::f() const { return x + 0.5f; }
__device__ int S::g(int k) const { return x * k; }
__device__ int S::g(float) const { return -1; }
__device__ S S::operator+(const S &o) const { return S(x + o.x); }
__device__ int *S::data() { return &x; }

namespace ns {
struct T {
  int v;
  __device__ int twice() const;
};
}
__device__ int ns::T::twice() const { return 2 * v; }

template <class T> struct V {
  T val;
  int n;
  __device__ V(T v);
  __device__ T get() const;
  __device__ T scaled(T k) const;
};
template <class T> __device__ V<T>::V(T v) : val(v), n(sizeof(T)) {}
template <class T> __device__ T V<T>::get() const { return val; }
template <class U> __device__ U V<U>::scaled(U k) const { return val * k; }

__global__ void kernel(int *o, float *f) {
  S s(5);
  o[0] = s.x;                 // 5
  f[0] = s.f();               // 5.5
  o[1] = s.g(3);              // 15
  o[2] = s.g(1.0f);           // -1
  S t;
  o[3] = t.x;                 // 2
  o[4] = (s + t).x;           // 7
  *s.data() = 9;
  o[5] = s.x;                 // 9
  o[6] = S::N + S::M;         // 43
  ns::T nt{21};
  o[7] = nt.twice();          // 42
  V<int> vi(6);
  o[8] = vi.get() + vi.n;     // 10
  o[9] = vi.scaled(7);        // 42
  V<float> vd(1.25f);
  f[1] = vd.scaled(2.0f);     // 2.5
  o[10] = vd.n;               // 4
}

int main() {
  int h[11];
  float hf[2];
  int *d;
  float *df;
  CHECK_CUDA(cudaMalloc(&d, sizeof h));
  CHECK_CUDA(cudaMalloc(&df, sizeof hf));
  kernel<<<1, 1>>>(d, df);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hf, df, sizeof hf, cudaMemcpyDeviceToHost));
  int want[11] = {5, 15, -1, 2, 7, 9, 43, 42, 10, 42, 4};
  for (int i = 0; i < 11; i++) CHECK(want[i], h[i]);
  CHECK_NEAR(5.5f, hf[0], 0);
  CHECK_NEAR(2.5f, hf[1], 0);
  cudaFree(d);
  cudaFree(df);
  return check_done("out_of_class");
}
