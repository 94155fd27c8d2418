/* api_error.c: cudaGetLastError, cudaPeekAtLastError, cudaGetErrorName
 * and cudaGetErrorString, from the table in include/cuwa/cuda_errors.def
 * (sorted by value). Unknown values get
 * "unrecognized error code", as in CUDA. */
#include <stddef.h>

#include "runtime/runtime.h"

typedef struct ErrorText {
  int value;
  const char *name;
  const char *text;
} ErrorText;

/* Sorted by value. */
static const ErrorText error_texts[] = {
#define CUDA_ERROR(name, value, text) {value, #name, text},
#include "cuwa/cuda_errors.def"
#undef CUDA_ERROR
};

static const ErrorText *find_error(cudaError_t e) {
  size_t lo = 0, hi = sizeof error_texts / sizeof error_texts[0];
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (error_texts[mid].value == (int)e)
      return &error_texts[mid];
    if (error_texts[mid].value < (int)e)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

const char *cudaGetErrorName(cudaError_t error) {
  const ErrorText *t = find_error(error);
  return t ? t->name : "unrecognized error code";
}

const char *cudaGetErrorString(cudaError_t error) {
  const ErrorText *t = find_error(error);
  return t ? t->text : "unrecognized error code";
}

/* As in CUDA: returns and clears the calling thread's last error. A
 * sticky error is not kept here; every other call keeps returning it. */
cudaError_t cudaGetLastError(void) { return rt_take_last_error(); }

cudaError_t cudaPeekAtLastError(void) { return rt_peek_last_error(); }
