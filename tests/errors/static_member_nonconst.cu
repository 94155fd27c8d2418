struct S {
  static int count;
  static const int N = 4;
  static const float F;
  __device__ int get() const { return N; }
};

__global__ void k(int *p) {
  p[0] = S::N;
  p[1] = S::count;
  p[2] = S::missing;
  p[3] = (int)S::F;
}
