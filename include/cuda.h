/* cuda.h: the CUDA driver API's basic types only (CUDA_VERSION, CUresult
 * with its common values, CUdevice, CUdeviceptr), so host code that
 * includes it for those compiles. libcuwa implements no cu* functions:
 * a program that calls them fails to link, which names what is missing. */
#ifndef __cuda_cuda_h__
#define __cuda_cuda_h__

#define CUDA_VERSION 13000

#ifdef __cplusplus
extern "C" {
#endif

typedef enum cudaError_enum {
  CUDA_SUCCESS                = 0,
  CUDA_ERROR_INVALID_VALUE    = 1,
  CUDA_ERROR_OUT_OF_MEMORY    = 2,
  CUDA_ERROR_NOT_INITIALIZED  = 3,
  CUDA_ERROR_DEINITIALIZED    = 4,
  CUDA_ERROR_NO_DEVICE        = 100,
  CUDA_ERROR_INVALID_DEVICE   = 101,
  CUDA_ERROR_INVALID_IMAGE    = 200,
  CUDA_ERROR_INVALID_CONTEXT  = 201,
  CUDA_ERROR_NO_BINARY_FOR_GPU = 209,
  CUDA_ERROR_FILE_NOT_FOUND   = 301,
  CUDA_ERROR_INVALID_HANDLE   = 400,
  CUDA_ERROR_NOT_FOUND        = 500,
  CUDA_ERROR_NOT_READY        = 600,
  CUDA_ERROR_ILLEGAL_ADDRESS  = 700,
  CUDA_ERROR_ASSERT           = 710,
  CUDA_ERROR_LAUNCH_FAILED    = 719,
  CUDA_ERROR_NOT_SUPPORTED    = 801,
  CUDA_ERROR_UNKNOWN          = 999
} CUresult;

typedef int CUdevice;
typedef unsigned long long CUdeviceptr;
typedef struct CUctx_st *CUcontext;
typedef struct CUmod_st *CUmodule;
typedef struct CUfunc_st *CUfunction;
typedef struct CUstream_st *CUstream;
typedef struct CUevent_st *CUevent;

#ifdef __cplusplus
}
#endif

#endif /* __cuda_cuda_h__ */
