__device__ int f(int *p) {
  int v = p;
  return v;
}
