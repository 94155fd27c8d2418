int host_only(int x);

__device__ int f(int x) {
  return host_only(x);
}
