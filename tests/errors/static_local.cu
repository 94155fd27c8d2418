__device__ int counter() {
  static int n = 0;
  return n;
}
