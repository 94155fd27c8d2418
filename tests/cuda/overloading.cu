// overloading: user __device__ functions overloaded by parameter type and
// count (exact match > promotion > conversion, T& vs const T&), a function
// template next to a non-template of the same name, overloaded member
// functions (const and by argument type), and a user overload of a
// builtin's name (fminf(float2, float2) next to fminf(float, float)).
#include "check.h"

__device__ int f(int) { return 1; }
__device__ int f(float) { return 2; }
__device__ int f(unsigned) { return 3; }
__device__ int f(int, int) { return 4; }
__device__ int g(int) { return 10; }
__device__ int g(float) { return 20; }
__device__ int h(int &) { return 100; }
__device__ int h(const int &) { return 200; }
template <class T> __device__ int t(T) { return 1000; }
__device__ int t(int) { return 2000; }
__device__ float2 fminf(float2 a, float2 b) { return make_float2(fminf(a.x, b.x), fminf(a.y, b.y)); }

struct Box {
  int v;
  __device__ int get(int) const { return 1; }
  __device__ int get(float) const { return 2; }
  __device__ int add(int x) { return v + x; }
  __device__ int add(int x, int y) { return v + x + y; }
};

__global__ void kernel(int *out, float *fout) {
  int i = threadIdx.x;
  short s = 1;
  char c = 'a';
  const int ci = 5;
  int k = i;
  Box b;
  b.v = i;
  out[i * 16 + 0] = f(i);
  out[i * 16 + 1] = f(1.0f);
  out[i * 16 + 2] = f(2u);
  out[i * 16 + 3] = f(i, i);
  out[i * 16 + 4] = f(s);      /* promotion to int */
  out[i * 16 + 5] = f(c);
  out[i * 16 + 6] = g(c);      /* char -> int is a promotion */
  out[i * 16 + 7] = g(1.0f);
  out[i * 16 + 8] = h(k);
  out[i * 16 + 9] = h(ci);
  out[i * 16 + 10] = h(k + 1); /* an rvalue binds const int & only */
  out[i * 16 + 11] = t(i);
  out[i * 16 + 12] = t(1.0f);
  out[i * 16 + 13] = b.get(1) * 10 + b.get(1.0f);
  out[i * 16 + 14] = b.add(1) + b.add(1, 2);
  float2 m = fminf(make_float2(i, 3), make_float2(2, i));
  out[i * 16 + 15] = (int)fminf(2.5f, (float)i) * 100 + (int)(m.x * 10 + m.y);
}

int main() {
  const int n = 8;
  int h[16 * n];
  int *d;
  CHECK_CUDA(cudaMalloc(&d, sizeof h));
  kernel<<<1, n>>>(d, NULL);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) {
    int *o = h + 16 * i;
    CHECK(1, o[0]);
    CHECK(2, o[1]);
    CHECK(3, o[2]);
    CHECK(4, o[3]);
    CHECK(1, o[4]);
    CHECK(1, o[5]);
    CHECK(10, o[6]);
    CHECK(20, o[7]);
    CHECK(100, o[8]);
    CHECK(200, o[9]);
    CHECK(200, o[10]);
    CHECK(2000, o[11]);
    CHECK(1000, o[12]);
    CHECK(12, o[13]);
    CHECK(2 * i + 4, o[14]);
    float mx = i < 2 ? i : 2, my = i < 3 ? i : 3;
    CHECK((int)(i < 2.5f ? i : 2.5f) * 100 + (int)(mx * 10 + my), o[15]);
  }
  cudaFree(d);
  return check_done("overloading");
}
