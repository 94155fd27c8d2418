// cudaDeviceSynchronize() in device code was removed in CUDA 12: nvcc 13
// says "calling a __host__ function ... is not allowed"; cuwa says why.
__global__ void child(int *a) { a[0] = 1; }

__global__ void parent(int *a) {
  child<<<1, 1>>>(a);
  cudaDeviceSynchronize();
}
