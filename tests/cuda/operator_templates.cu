// operator_templates: free operator function templates (unary and binary
// operator+ and operator-, operator<, operator*= on a class template, as in
// interval's cuda_interval_lib.h) found by deduction from the operands, and
// two overloaded function templates instantiated with the same argument
// (f(T) and f(T, T) with T = float) kept apart.
#include "check.h"

template <class T> struct iv {
  T lo, hi;
  __host__ __device__ iv(T a, T b) : lo(a), hi(b) {}
};

template <class T> __device__ iv<T> operator+(iv<T> const &x, iv<T> const &y) { return iv<T>(x.lo + y.lo, x.hi + y.hi); }
template <class T> inline __device__ iv<T> const &operator+(iv<T> const &x) { return x; }
template <class T> inline __device__ iv<T> operator-(iv<T> const &x) { return iv<T>(-x.hi, -x.lo); }
template <class T> __device__ iv<T> operator-(iv<T> const &x, iv<T> const &y) { return iv<T>(x.lo - y.hi, x.hi - y.lo); }
template <class T> __device__ bool operator<(iv<T> const &x, iv<T> const &y) { return x.hi < y.lo; }
template <class T> __device__ iv<T> &operator*=(iv<T> &x, T k) { x.lo *= k; x.hi *= k; return x; }

template <class T> __device__ T width(T a) { return a; }
template <class T> __device__ T width(T a, T b) { return b - a; }

__global__ void ops(float *o, int *b) {
  iv<float> a(1, 2), c(3, 5);
  iv<float> s = a + c, u = +s, n = -s, d = c - a;
  iv<int> i(1, 2), j(4, 8);
  iv<int> k = i + j;
  a *= 2.0f;
  o[0] = s.lo; o[1] = s.hi; o[2] = u.lo; o[3] = n.lo; o[4] = n.hi;
  o[5] = d.lo; o[6] = d.hi; o[7] = a.hi;
  o[8] = width(1.5f); o[9] = width(1.5f, 4.0f);
  b[0] = a < c; b[1] = c < a; b[2] = k.lo; b[3] = k.hi;
}

int main() {
  float h[10], *d;
  int hb[4], *db;
  CHECK_CUDA(cudaMalloc(&d, sizeof h));
  CHECK_CUDA(cudaMalloc(&db, sizeof hb));
  ops<<<1, 1>>>(d, db);
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hb, db, sizeof hb, cudaMemcpyDeviceToHost));
  const float want[10] = {4, 7, 4, -7, -4, 1, 4, 4, 1.5f, 2.5f};
  for (int i = 0; i < 10; i++) CHECK_NEAR(want[i], h[i], 0);
  CHECK(0, hb[0]);  /* [2, 4] < [3, 5]: no, they overlap */
  CHECK(0, hb[1]);
  CHECK(5, hb[2]);
  CHECK(10, hb[3]);
  return check_done("operator_templates");
}
