__device__ int mask = 0129;
