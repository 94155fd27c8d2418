/* cuda.h (runtime/cuda): the NVIDIA devices, over the CUDA driver API
 * opened at run time with dlopen("libcuda.so.1"): no NVIDIA header or
 * library is needed to build libcuwa. Every GPU the driver shows (after
 * CUDA_VISIBLE_DEVICES, which the driver applies) is one cuwa device with
 * its own primary context. The driver API subset is in cuda_device.c. */
#ifndef CUWA_RUNTIME_CUDA_H
#define CUWA_RUNTIME_CUDA_H

#include <stdbool.h>
#include <stddef.h>

#include "runtime/device.h"

/* How many GPUs the driver shows; 0 with the reason in why (no driver,
 * no GPU, ...). */
int cuda_device_count(char *why, size_t why_size);

/* GPU number gpu (0..cuda_device_count()-1), or NULL with the reason in
 * why. With require_ptx, also NULL when a registered module has no PTX
 * (the default device then stays the CPU, where every module runs). */
Device *cuda_device_open(int gpu, char *why, size_t why_size, bool require_ptx);

/* The first GPU: cuda_device_open(0, ...). */
Device *cuda_device_new(char *why, size_t why_size, bool require_ptx);

#endif
