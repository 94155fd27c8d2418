__device__ void inc(int &x) { x++; }
__device__ void set(float &x) { x = 1; }
__global__ void k(int *out, const int c) {
  int i = 0;
  inc(i + 1);
  set(i);
  inc(c);
  int &r = 3;
}
