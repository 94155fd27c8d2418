__device__ int f(int v) {
  return v(1);
}
