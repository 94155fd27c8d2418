// variadic_templates: template parameter packs in device code: a
// function parameter pack deduced from a call, recursion with a base
// case, forwarding args... and patterns g(args)..., sizeof... of type
// and function parameter packs, explicit pack arguments f<Ts...>(),
// fold expressions (unary and binary, left and right), a non-type pack,
// and a class template with a pack.
#include "check.h"

__device__ int count_args() { return 0; }
template <class T, class... Rest> __device__ int count_args(T, Rest... rest) {
  return 1 + count_args(rest...);
}

__device__ float sum_rec() { return 0.0f; }
template <class T, class... Rest> __device__ float sum_rec(T first, Rest... rest) {
  return (float)first + sum_rec(rest...);
}

template <class T> __device__ T twice(T v) { return v + v; }
template <class... Ts> __device__ float sum_twice(Ts... args) { return sum_rec(twice(args)...); }

template <class... Ts> __device__ int type_count() { return sizeof...(Ts); }
template <class... Ts> __device__ int arg_count(const Ts &... args) { return sizeof...(args); }
template <class... Ts> __device__ int forward_types(Ts... args) { return type_count<Ts...>() * 10 + arg_count(args...); }

template <class... Ts> __device__ int sum_right(Ts... xs) { return (xs + ...); }
template <class... Ts> __device__ int sum_left_init(Ts... xs) { return (100 - ... - xs); }
template <class... Ts> __device__ int sub_right_init(Ts... xs) { return (xs - ... - 100); }
template <class... Ts> __device__ bool all_positive(Ts... xs) { return ((xs > 0) && ...); }
template <int... Ns> __device__ int sum_values() { return (Ns + ... + 0); }

template <class... Ts> struct TypeList {
  static constexpr int size = sizeof...(Ts);
};

__global__ void kernel(int *out) {
  int i = threadIdx.x;
  out[i * 10 + 0] = count_args(1, 2.0f, 'c', i);
  out[i * 10 + 1] = (int)sum_rec(i, 0.5f, 1.5f);
  out[i * 10 + 2] = (int)sum_twice(i, 1, 2.0f);
  out[i * 10 + 3] = type_count<int, float, char>();
  out[i * 10 + 4] = forward_types(i, 1.0f);
  out[i * 10 + 5] = sum_right(i, 2, 3);
  out[i * 10 + 6] = sum_left_init(i, 1) * 1000 + sub_right_init(i, 1);
  out[i * 10 + 7] = all_positive(i, 1, 2) * 10 + all_positive() + all_positive(1, -1) * 100;
  out[i * 10 + 8] = sum_values<1, 2, 3, 4>() + sum_values<>();
  out[i * 10 + 9] = TypeList<int, float>::size * 10 + TypeList<>::size;
}

int main() {
  const int n = 32;
  int h[10 * n];
  int *d;
  CHECK_CUDA(cudaMalloc(&d, sizeof h));
  kernel<<<1, n>>>(d);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) {
    CHECK(4, h[i * 10 + 0]);
    CHECK(i + 2, h[i * 10 + 1]);
    CHECK(2 * i + 6, h[i * 10 + 2]);
    CHECK(3, h[i * 10 + 3]);
    CHECK(22, h[i * 10 + 4]);
    CHECK(i + 5, h[i * 10 + 5]);
    CHECK((100 - i - 1) * 1000 + (i - (1 - 100)), h[i * 10 + 6]);
    CHECK((i > 0) * 10 + 1, h[i * 10 + 7]);
    CHECK(10, h[i * 10 + 8]);
    CHECK(20, h[i * 10 + 9]);
  }
  return check_done("variadic_templates");
}
