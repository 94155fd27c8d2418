// multi/multi.h: what a.cu exports to b.cu.
#ifndef MULTI_H
#define MULTI_H
__global__ void scale(int *p, int n, int factor);
void launch_fill_a(int *p, int n);
int read_counter_a(void);
#endif
