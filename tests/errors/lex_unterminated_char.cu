__global__ void k(char *p) {
  *p = 'a;
}
