__global__ void count(int *n) {
  atomicAdd(n, 1);
}
