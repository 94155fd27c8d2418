__global__ void k(int *a) {
  return a[0];
}
