// Inline PTX that cuwa does not lower: each case names what it rejects.
__global__ void k(unsigned *p, unsigned v) {
  unsigned r;
  asm volatile("atom.global.add.u32 %0, [%1], %2;" : "=r"(r) : "l"(p), "r"(v));
  asm("mov.u32 %0, %1;\n\t"
      "vabsdiff.u32.u32.u32 %0, %0, %1;" : "=r"(r) : "r"(v));
  asm("mov.u32 %0, %%pm0;" : "=r"(r));
  asm("add.u32 %0, t, %1;" : "=r"(r) : "r"(v));
  asm("mov.u32 %0, %2;" : "=r"(r) : "r"(v));
  asm("prmt.b32.f4e %0, %1, %1, 0;" : "=r"(r) : "r"(v));
  asm("L1: bra L1;");
  p[0] = r;
}
