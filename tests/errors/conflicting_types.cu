__device__ float scale(float x);
__device__ double scale(float x) { return x * 2; }
