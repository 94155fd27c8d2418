__device__ int f(int *a) {
  if (!a) return;
  return a[0];
}
