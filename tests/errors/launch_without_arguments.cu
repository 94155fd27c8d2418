// A kernel launch must be a call: the argument list follows '>>>'.
__global__ void k() {}

void launch() {
  k<<<1, 1>>>;
}
