// A launch configuration needs a grid and a block (and optionally the
// dynamic shared memory size and a stream): 2 to 4 arguments.
__global__ void k(int *p) { *p = 1; }

void launch(int *p) {
  k<<<1>>>(p);
  k<<<1, 2, 0, 0, 5>>>(p);
}
