// types: integer types of every width (wraparound of unsigned types,
// truncation, sign and zero extension, the usual arithmetic conversions),
// int <-> float conversions with their rounding, and float -> int
// conversions of out-of-range values, which saturate on a GPU (cvt.rzi):
// (int)1e20f == INT_MAX, (int)-1e20f == INT_MIN, (int)NaN == 0,
// (unsigned)-1.0f == 0, and (as measured on an H100) (unsigned long long)
// of a NaN double == 1 << 63. Inputs come from memory so nothing is folded.
// skip: webgpu: double precision (WGSL has no f64; docs/webgpu.md)
#include "check.h"
#include <limits.h>

#define NI 24
#define NC 14

__global__ void int_types(const int *in, long long *o) {
  int big = in[0], m1 = in[1], v300 = in[2], v200 = in[3];
  unsigned char uc = (unsigned char)v300;          // 300 -> 44
  signed char sc = (signed char)v200;              // 200 -> -56
  char c = (char)v200;                             // char is signed: -56
  unsigned short us = (unsigned short)m1;          // 65535
  short ss = (short)(big + 2);                     // 0x10001 -> 1
  unsigned u = (unsigned)m1;                       // 4294967295
  o[0] = uc;
  o[1] = sc;
  o[2] = c;
  o[3] = us;
  o[4] = ss;
  o[5] = u;
  o[6] = (unsigned short)(us + 1);                 // wraps to 0
  o[7] = u + 1u;                                   // wraps to 0
  o[8] = (unsigned char)(uc * 7);                  // 308 -> 52
  o[9] = uc + (unsigned char)v200;                 // promoted: 44 + 200
  o[10] = m1 < 0u;                                 // -1 converts to unsigned: false
  o[11] = (long long)m1 < 0LL;                     // true
  o[12] = (long long)u;                            // zero extension
  o[13] = (long long)m1;                           // sign extension
  o[14] = (unsigned long long)m1 >> 60;            // 15
  o[15] = m1 >> 4;                                 // arithmetic shift: -1
  o[16] = (unsigned)m1 >> 28;                      // 15
  o[17] = 1u << 31;
  o[18] = (long long)big << 20;
  o[19] = (unsigned long long)-1LL / 3;
  o[20] = sizeof(long) * 100 + sizeof(void *) * 10 + sizeof(long long);
  o[21] = sizeof(short) * 100 + sizeof(int) * 10 + sizeof(char);
  o[22] = (int)(unsigned char)-1 + (int)(signed char)-1;
  o[23] = -7 / 2 * 100 + -7 % 2;                   // C truncation: -3, -1
}

__global__ void conversions(const float *f, const double *d, long long *o) {
  float huge = f[0], nhuge = f[1], nan_ = f[2], neg = f[3], frac = f[4];
  double dhuge = d[0];
  int odd = (int)f[5] + 1;                         // 16777217: not a float
  o[0] = (int)huge;
  o[1] = (int)nhuge;
  o[2] = (int)nan_;
  o[3] = (unsigned)neg;
  o[4] = (unsigned)huge;
  o[5] = (long long)dhuge;
  o[6] = (long long)-dhuge;
  o[7] = (int)frac;                                // truncation toward zero
  o[8] = (int)-frac;
  o[9] = (long long)(float)odd;                    // 16777216 after rounding
  o[10] = (long long)(float)(odd + 2);             // 16777219 -> 16777220 (ties to even)
  o[11] = (long long)(double)(1LL << 53) + 1;
  o[12] = (short)(int)(frac * 10000.0f);           // 27182 fits in short
  o[13] = (unsigned long long)(double)nan_;
}

int main() {
  int iin[4] = {0xffff, -1, 300, 200};
  float fin[6] = {1e20f, -1e20f, NAN, -1.0f, 2.71828f, 16777216.0f};
  double din[1] = {1e30};
  int *di;
  float *df;
  double *dd;
  long long *dout, hi[NI], hc[NC];
  CHECK_CUDA(cudaMalloc(&di, sizeof iin));
  CHECK_CUDA(cudaMalloc(&df, sizeof fin));
  CHECK_CUDA(cudaMalloc(&dd, sizeof din));
  CHECK_CUDA(cudaMalloc(&dout, sizeof hi));
  CHECK_CUDA(cudaMemcpy(di, iin, sizeof iin, cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemcpy(df, fin, sizeof fin, cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemcpy(dd, din, sizeof din, cudaMemcpyHostToDevice));
  int_types<<<1, 1>>>(di, dout);
  CHECK_CUDA(cudaMemcpy(hi, dout, sizeof hi, cudaMemcpyDeviceToHost));
  CHECK(44, hi[0]);
  CHECK(-56, hi[1]);
  CHECK(-56, hi[2]);
  CHECK(65535, hi[3]);
  CHECK(1, hi[4]);
  CHECK(4294967295LL, hi[5]);
  CHECK(0, hi[6]);
  CHECK(0, hi[7]);
  CHECK(52, hi[8]);
  CHECK(244, hi[9]);
  CHECK(0, hi[10]);
  CHECK(1, hi[11]);
  CHECK(4294967295LL, hi[12]);
  CHECK(-1, hi[13]);
  CHECK(15, hi[14]);
  CHECK(-1, hi[15]);
  CHECK(15, hi[16]);
  CHECK(2147483648LL, hi[17]);
  CHECK(0xffffLL << 20, hi[18]);
  CHECK(6148914691236517205LL, hi[19]);
  CHECK(888, hi[20]);
  CHECK(241, hi[21]);
  CHECK(254, hi[22]);
  CHECK(-301, hi[23]);
  conversions<<<1, 1>>>(df, dd, dout);
  CHECK_CUDA(cudaMemcpy(hc, dout, sizeof hc, cudaMemcpyDeviceToHost));
  CHECK(INT_MAX, hc[0]);
  CHECK(INT_MIN, hc[1]);
  CHECK(0, hc[2]);
  CHECK(0, hc[3]);
  CHECK(UINT_MAX, hc[4]);
  CHECK(LLONG_MAX, hc[5]);
  CHECK(LLONG_MIN, hc[6]);
  CHECK(2, hc[7]);
  CHECK(-2, hc[8]);
  CHECK(16777216, hc[9]);
  CHECK(16777220, hc[10]);
  CHECK((1LL << 53) + 1, hc[11]);
  CHECK(27182, hc[12]);
  CHECK((long long)(1ULL << 63), hc[13]);
  cudaFree(di); cudaFree(df); cudaFree(dd); cudaFree(dout);
  return check_done("types");
}
