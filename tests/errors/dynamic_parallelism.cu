// cuwa-args: --emit=wgsl
// A kernel launch in device code (dynamic parallelism) runs on the CPU
// device only: WebGPU cannot launch from a shader.
__global__ void child(int *a) { a[0] = 1; }

__global__ void parent(int *a) {
  child<<<1, 1>>>(a);
}
