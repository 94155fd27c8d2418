__device__ long big = 100lu2;
