__device__ void f(int n) {
  float buf[n];
}
