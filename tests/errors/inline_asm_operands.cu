// asm operands: an output must be a modifiable lvalue with an = or + constraint; "n" needs a constant.
__global__ void k(unsigned *p, unsigned v) {
  unsigned r;
  asm("mov.u32 %0, %1;" : "=r"(v + 1) : "r"(v));
  asm("mov.u32 %0, %1;" : "r"(r) : "r"(v));
  asm("shl.b32 %0, %1, %2;" : "=r"(r) : "r"(v), "n"(v));
  p[0] = r;
}
