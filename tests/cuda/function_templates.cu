// function_templates: __device__ function templates with type and
// non-type parameters, deduction from pointers and values, explicit
// arguments, defaults, recursion on a non-type parameter; class templates
// with an explicit and a partial specialization (the SharedMemory<T>
// pattern of cuda-samples), and a template instantiated inside another.
#include "check.h"

template <typename T> __device__ T square(T x) { return x * x; }
template <typename T, int N = 3> __device__ T times(T x) { return x * N; }
template <typename T> __device__ T load_twice(const T *p, int i) { return p[i] + p[i]; }
template <int N> __device__ int factorial() { return N * factorial<N - 1>(); }
template <> __device__ int factorial<0>() { return 1; }

template <typename T> struct Box {
  T value;
  __device__ T get() const { return value; }
  __device__ void add(T v) { value += v; }
};
template <> struct Box<int> {  // explicit specialization
  int value;
  __device__ int get() const { return value * 10; }
  __device__ void add(int v) { value += v; }
};
template <typename T> struct Box<T *> {  // partial specialization
  T *ptr;
  __device__ T get() const { return *ptr; }
};
template <typename T, int N> struct Array {
  T data[N];
  __device__ int size() const { return N; }
  __device__ T sum() const {
    T s = 0;
    for (int i = 0; i < N; i++) s += data[i];
    return s;
  }
};

template <typename T> __device__ T boxed_square(T v) {
  Box<T> b;
  b.value = square(v);
  return b.get();
}

__global__ void kernel(const float *in, float *fout, int *iout) {
  int i = threadIdx.x;
  fout[i * 4 + 0] = square(in[i]) + times<float, 2>(in[i]) + times(1.0f);
  fout[i * 4 + 1] = load_twice(in, i);
  fout[i * 4 + 2] = boxed_square(in[i]);
  Array<float, 4> a;
  for (int k = 0; k < a.size(); k++) a.data[k] = in[i] + k;
  fout[i * 4 + 3] = a.sum();
  Box<int> bi;
  bi.value = i;
  bi.add(1);
  float x = in[i];
  Box<float *> bp;
  bp.ptr = &x;
  iout[i * 3 + 0] = bi.get();
  iout[i * 3 + 1] = (int)bp.get();
  iout[i * 3 + 2] = factorial<5>() + boxed_square(i);
}

int main() {
  const int n = 32;
  float hin[n], hf[4 * n];
  int hi[3 * n];
  for (int i = 0; i < n; i++) hin[i] = i - 3;
  float *din, *df;
  int *di;
  CHECK_CUDA(cudaMalloc(&din, sizeof hin));
  CHECK_CUDA(cudaMalloc(&df, sizeof hf));
  CHECK_CUDA(cudaMalloc(&di, sizeof hi));
  CHECK_CUDA(cudaMemcpy(din, hin, sizeof hin, cudaMemcpyHostToDevice));
  kernel<<<1, n>>>(din, df, di);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(hf, df, sizeof hf, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hi, di, sizeof hi, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) {
    float x = hin[i];
    CHECK_NEAR(x * x + 2 * x + 3, hf[i * 4 + 0], 0);
    CHECK_NEAR(2 * x, hf[i * 4 + 1], 0);
    CHECK_NEAR(x * x, hf[i * 4 + 2], 0);
    CHECK_NEAR(4 * x + 6, hf[i * 4 + 3], 0);
    CHECK((i + 1) * 10, hi[i * 3 + 0]);
    CHECK((int)x, hi[i * 3 + 1]);
    CHECK(120 + i * i * 10, hi[i * 3 + 2]);
  }
  cudaFree(din); cudaFree(df); cudaFree(di);
  return check_done("function_templates");
}
