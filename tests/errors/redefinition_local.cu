__device__ int f() {
  int i = 0;
  float i = 1.0f;
  return i;
}
