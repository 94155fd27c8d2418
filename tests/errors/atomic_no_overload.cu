// CUDA has atomicAdd for int, unsigned, unsigned long long, float and
// double, not for short; __shfl_sync takes arithmetic values only.
struct Pair { int a, b; };
__global__ void k(short *s, Pair *p) {
  atomicAdd(s, (short)1);
  Pair q = __shfl_sync(0xffffffff, *p, 0);
  atomicMin(0, 1);
}
