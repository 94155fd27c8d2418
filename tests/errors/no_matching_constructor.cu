struct S {
  int v;
  __device__ S(int a, int b) : v(a + b) {}
  __device__ explicit S(float f) : v((int)f) {}
};

__global__ void k(int *out) {
  S a(1, 2, 3);
  S b;
  S c = {1.5f};
  out[0] = a.v + b.v + c.v;
}
