struct P {
  int a = 1;
  __device__ P() {}
  __device__ P(int x) : a(x) {}
};

__device__ P g(1);
__constant__ P c;

__global__ void k(int *out) {
  __shared__ P sp;  // no constructor runs for __shared__ (as nvcc)
  out[0] = sp.a;
}
