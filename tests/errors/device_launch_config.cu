// Kernel launches in device code: what the configuration and the
// arguments must be.
__device__ void helper(int *a) { a[0] = 1; }
__global__ void child(int *a, int n) { a[0] = n; }
struct S { int x; };

__global__ void parent(int *a) {
  helper<<<1, 1>>>(a);
  child<<<1>>>(a, 1);
  child<<<1, 1>>>(a);
  child<<<1, 1, 0, 1.5f>>>(a, 2);
  S s = {1};
  child<<<s, 1>>>(a, 3);
}
