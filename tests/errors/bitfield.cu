struct Flags {
  unsigned ready : 1;
};

__global__ void k(Flags *f) {
  f->ready = 1;
}
