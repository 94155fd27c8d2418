// A barrier inside recursion cannot be split into thread loops.
__device__ int depth(int *s, int n) {
  s[threadIdx.x] = n;
  __syncthreads();
  return n > 0 ? depth(s, n - 1) + s[0] : 0;
}
__device__ unsigned vote(int n) {
  unsigned b = __ballot_sync(0xffffffff, n & 1);
  return n > 0 ? vote(n - 1) ^ b : b;
}
__global__ void k(int *out, int n) {
  __shared__ int s[64];
  out[threadIdx.x] = depth(s, n) + (int)vote(n);
}
