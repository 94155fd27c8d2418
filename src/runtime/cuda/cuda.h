/* cuda.h (runtime/cuda): the NVIDIA device, over the CUDA driver API
 * opened at run time with dlopen("libcuda.so.1"): no NVIDIA header or
 * library is needed to build libcuwa. The driver API subset it uses is
 * declared in cuda_device.c. */
#ifndef CUWA_RUNTIME_CUDA_H
#define CUWA_RUNTIME_CUDA_H

#include <stdbool.h>
#include <stddef.h>

#include "runtime/device.h"

/* The first GPU, or NULL with the reason in why (no driver, no GPU, ...).
 * With require_ptx, also NULL when a registered module has no PTX (the
 * default device then stays the CPU, where every module runs). */
Device *cuda_device_new(char *why, size_t why_size, bool require_ptx);

#endif
