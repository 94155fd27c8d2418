__device__ int f() {
  const int n = 4;
  n = 5;
  return n;
}
