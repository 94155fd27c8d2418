// cdp_quicksort: a recursive quicksort by dynamic parallelism, as
// cuda-samples' cdpSimpleQuicksort: one thread partitions its range and
// launches a child grid for each side into its own non-blocking stream;
// short ranges and the deepest level use a selection sort. Checked
// against the C library's qsort on random data with duplicates, and on
// sorted and reversed input.
// skip: webgpu: no dynamic parallelism (WebGPU cannot launch from a shader)
// skip: cuda: dynamic parallelism needs NVIDIA's device runtime library (libcudadevrt)
#include "check.h"

#include <string.h>

#define MAX_DEPTH 16
#define INSERTION_SORT 32

__device__ void selection_sort(unsigned *data, int left, int right) {
  for (int i = left; i <= right; ++i) {
    unsigned min_val = data[i];
    int min_idx = i;
    for (int j = i + 1; j <= right; ++j) {
      unsigned val_j = data[j];
      if (val_j < min_val) {
        min_idx = j;
        min_val = val_j;
      }
    }
    if (i != min_idx) {
      data[min_idx] = data[i];
      data[i] = min_val;
    }
  }
}

__global__ void quicksort(unsigned *data, int left, int right, int depth) {
  if (depth >= MAX_DEPTH || right - left <= INSERTION_SORT) {
    selection_sort(data, left, right);
    return;
  }
  unsigned *lptr = data + left, *rptr = data + right;
  unsigned pivot = data[(left + right) / 2];
  while (lptr <= rptr) {
    unsigned lval = *lptr, rval = *rptr;
    while (lval < pivot) lval = *++lptr;
    while (rval > pivot) rval = *--rptr;
    if (lptr <= rptr) {
      *lptr++ = rval;
      *rptr-- = lval;
    }
  }
  int nright = (int)(rptr - data), nleft = (int)(lptr - data);
  if (left < nright) {
    cudaStream_t s;
    cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking);
    quicksort<<<1, 1, 0, s>>>(data, left, nright, depth + 1);
    cudaStreamDestroy(s);
  }
  if (nleft < right) {
    cudaStream_t s1;
    cudaStreamCreateWithFlags(&s1, cudaStreamNonBlocking);
    quicksort<<<1, 1, 0, s1>>>(data, nleft, right, depth + 1);
    cudaStreamDestroy(s1);
  }
}

static int cmp_unsigned(const void *a, const void *b) {
  unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
  return x < y ? -1 : x > y;
}

static void sort_and_check(unsigned *host, int n, const char *what) {
  unsigned *dev, *want = (unsigned *)malloc(n * sizeof(unsigned));
  unsigned *got = (unsigned *)malloc(n * sizeof(unsigned));
  memcpy(want, host, n * sizeof(unsigned));
  qsort(want, n, sizeof(unsigned), cmp_unsigned);
  CHECK_CUDA(cudaMalloc(&dev, n * sizeof(unsigned)));
  CHECK_CUDA(cudaMemcpy(dev, host, n * sizeof(unsigned), cudaMemcpyHostToDevice));
  quicksort<<<1, 1>>>(dev, 0, n - 1, 0);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(got, dev, n * sizeof(unsigned), cudaMemcpyDeviceToHost));
  int bad = 0;
  for (int i = 0; i < n; i++) bad += got[i] != want[i];
  if (bad) printf("%s: %d of %d elements out of place\n", what, bad, n);
  CHECK(0, bad);
  CHECK_CUDA(cudaFree(dev));
  free(want);
  free(got);
}

int main() {
  const int n = 20000;
  unsigned *h = (unsigned *)malloc(n * sizeof(unsigned));
  unsigned seed = 12345;
  for (int i = 0; i < n; i++) {
    seed = seed * 1103515245u + 12345u;
    h[i] = (seed >> 8) % 5000;  // duplicates
  }
  sort_and_check(h, n, "random");
  for (int i = 0; i < n; i++) h[i] = i;
  sort_and_check(h, n, "sorted");
  for (int i = 0; i < n; i++) h[i] = n - i;
  sort_and_check(h, n, "reversed");
  sort_and_check(h, 1, "one element");
  free(h);
  return check_done("cdp_quicksort");
}
