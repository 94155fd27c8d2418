// cuwa-args: --emit=ptx
// A kernel launch in device code needs NVIDIA's device runtime library
// (libcudadevrt, part of the CUDA toolkit), which cuwa does not use.
template <typename T> __global__ void child(T *a) { a[0] = 1; }

__global__ void parent(int *a) {
  child<int><<<2, 32, 64>>>(a);
}
