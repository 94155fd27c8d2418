int N = 100;

__global__ void k(int *a) {
  a[0] = N;
}
