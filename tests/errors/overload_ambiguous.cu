struct A { float x; };
struct B { int y; };
__device__ int f(int a, float b);
__device__ int f(float a, int b);
__device__ int g(int &x);
__device__ int h(A v);
__device__ int h(B v);
__global__ void k(int *out) {
  out[0] = f(1, 2);
  out[1] = g(out[0] + 1);
  out[2] = h(1.0f);
}
