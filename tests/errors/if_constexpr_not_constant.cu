__device__ int f(int v) {
  if constexpr (v > 2) return 1;
  return 0;
}
