__device__ int table[4];
__device__ float table[8];
