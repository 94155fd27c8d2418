// an overloaded intrinsic called with no arguments (found by fuzz_ir:
// the overload picker read the first argument of an empty list)
__global__ void k(int *p) { atomicAdd(); }
