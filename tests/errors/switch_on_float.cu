__device__ int f(float x) {
  switch (x) {
  default: return 0;
  }
}
