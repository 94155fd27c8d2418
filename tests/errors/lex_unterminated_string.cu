__global__ void k(char *p) {
  const char *s = "abc;
}
