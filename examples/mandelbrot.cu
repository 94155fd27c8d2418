// mandelbrot.cu: the cuwa demo. A plain CUDA program (nothing cuwa-specific):
// a 2D grid of threads computes the Mandelbrot set, the host prints it as
// ASCII art and checks a few pixels against a host computation.
#include <cstdio>
#include <cstdlib>
#include <vector>

#define CUDA_CHECK(call)                                                  \
  do {                                                                    \
    cudaError_t err_ = (call);                                            \
    if (err_ != cudaSuccess) {                                            \
      fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__,                  \
              cudaGetErrorString(err_));                                  \
      exit(1);                                                            \
    }                                                                     \
  } while (0)

__host__ __device__ int escape_time(float cx, float cy, int max_iter) {
  float x = 0.0f, y = 0.0f;
  int i = 0;
  while (i < max_iter && x * x + y * y <= 4.0f) {
    float xt = x * x - y * y + cx;
    y = 2.0f * x * y + cy;
    x = xt;
    i++;
  }
  return i;
}

__global__ void mandelbrot(int *out, int width, int height, int max_iter) {
  int px = blockIdx.x * blockDim.x + threadIdx.x;
  int py = blockIdx.y * blockDim.y + threadIdx.y;
  if (px >= width || py >= height) return;
  float cx = -2.2f + 3.0f * px / width;
  float cy = -1.2f + 2.4f * py / height;
  out[py * width + px] = escape_time(cx, cy, max_iter);
}

int main() {
  const int width = 78, height = 32, max_iter = 256;
  int *d_out;
  CUDA_CHECK(cudaMalloc(&d_out, width * height * sizeof(int)));
  dim3 block(16, 8);
  dim3 grid((width + block.x - 1) / block.x, (height + block.y - 1) / block.y);
  mandelbrot<<<grid, block>>>(d_out, width, height, max_iter);
  CUDA_CHECK(cudaGetLastError());
  std::vector<int> out(width * height);
  CUDA_CHECK(cudaMemcpy(out.data(), d_out, out.size() * sizeof(int),
                        cudaMemcpyDeviceToHost));
  const char *shades = " .:-=+*#%@";
  for (int y = 0; y < height; y++) {
    for (int x = 0; x < width; x++) {
      int it = out[y * width + x];
      putchar(it >= max_iter ? '@' : shades[it % 9]);
    }
    putchar('\n');
  }
  int wrong = 0;
  for (int y = 0; y < height; y += 5)
    for (int x = 0; x < width; x += 7)
      if (out[y * width + x] != escape_time(-2.2f + 3.0f * x / width,
                                            -1.2f + 2.4f * y / height, max_iter))
        wrong++;
  cudaDeviceProp prop;
  CUDA_CHECK(cudaGetDeviceProperties(&prop, 0));
  printf("computed %dx%d pixels on %s: %s\n", width, height, prop.name,
         wrong ? "MISMATCH" : "checked against the host");
  CUDA_CHECK(cudaFree(d_out));
  return wrong != 0;
}
