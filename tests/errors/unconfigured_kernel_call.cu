__global__ void child(int *a) { a[0] = 1; }

__device__ void f(int *a) {
  child(a);
}
