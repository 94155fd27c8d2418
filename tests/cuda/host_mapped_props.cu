// host_mapped_props: a device reports canMapHostMemory / managedMemory /
// pageableMemoryAccess as it behaves: where host memory can be mapped
// (cpu), cudaHostGetDevicePointer gives a pointer kernels write through;
// where it cannot (webgpu: kernels reach only the device heap), the
// properties are 0 and cudaHostGetDevicePointer fails with
// cudaErrorNotSupported instead of handing out an unusable address.
#include "check.h"

__global__ void fill(int *p, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) p[i] = i * 3;
}

int main() {
  cudaDeviceProp prop;
  CHECK_CUDA(cudaGetDeviceProperties(&prop, 0));
  int attr = -1;
  CHECK_CUDA(cudaDeviceGetAttribute(&attr, cudaDevAttrCanMapHostMemory, 0));
  CHECK(prop.canMapHostMemory, attr);
  int *h = NULL, *d = NULL;
  CHECK_CUDA(cudaHostAlloc(&h, 256 * sizeof(int), cudaHostAllocMapped));
  cudaError_t e = cudaHostGetDevicePointer((void **)&d, h, 0);
  if (prop.canMapHostMemory) {
    CHECK(cudaSuccess, e);
    fill<<<2, 128>>>(d, 256);
    CHECK_CUDA(cudaDeviceSynchronize());
    CHECK(0, h[0]);
    CHECK(765, h[255]);
  } else {
    CHECK(cudaErrorNotSupported, e);
    CHECK(1, d == NULL);
    CHECK(0, prop.managedMemory);
    CHECK(0, prop.pageableMemoryAccess);
    CHECK(cudaErrorNotSupported, cudaGetLastError());
  }
  CHECK(cudaSuccess, cudaGetLastError());
  CHECK_CUDA(cudaFreeHost(h));
  return check_done("host_mapped_props");
}
