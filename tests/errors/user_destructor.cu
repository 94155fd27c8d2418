struct Guard {
  int *p;
  __device__ Guard(int *q) : p(q) {}
  __device__ ~Guard() { *p = 0; }
};

__global__ void k(int *out) {
  Guard g[2][2] = {{Guard(out), Guard(out)}, {Guard(out), Guard(out)}};
  if (Guard(out).p) out[0] = 1;
}
