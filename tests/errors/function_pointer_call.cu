__device__ int twice(int x) { return 2 * x; }

__device__ int apply(int (*fn)(int), int v) {
  return fn(v);
}
