__device__ float g_x;
__device__ float g_y = g_x * 2.0f;
