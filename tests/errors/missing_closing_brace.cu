__global__ void k(int *a) {
  if (a) {
    a[0] = 1;
}
