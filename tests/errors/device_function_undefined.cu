// A device function declared but defined nowhere in this file (here: malloc,
// whose device-side heap is not supported yet) is an error, not a crash.
#include <stdlib.h>
__global__ void k(int *p) { int *q = (int*)malloc(16); q[0] = 1; p[0] = q[0]; free(q); }
int main() { return 0; }
