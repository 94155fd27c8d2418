/* reduction_omp.c: the OpenMP baseline of reduction.cu. */
long long omp_reduce(int n, const int *in) {
  int sum = 0;  /* the CUDA kernels add in int, wrapping alike */
#pragma omp parallel for simd reduction(+ : sum) schedule(static)
  for (int i = 0; i < n; i++) sum += in[i];
  return sum;
}
