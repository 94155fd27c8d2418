__device__ float scale(float x);
__device__ double scale(double x) { return x * 2; }
