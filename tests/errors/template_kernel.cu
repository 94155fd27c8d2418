template <typename T>
__global__ void scale(T *a, T s) {
  a[threadIdx.x] *= s;
}
