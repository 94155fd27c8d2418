template <template <typename> class Op, typename T>
__global__ void apply(T *a) {
  a[threadIdx.x] = Op<T>::run(a[threadIdx.x]);
}
