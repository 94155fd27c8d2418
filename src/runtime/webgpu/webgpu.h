/* webgpu.h: the webgpu device (CUWA_DEVICE=webgpu): CUDA kernels compiled
 * to WGSL run through Dawn's C API, opened at run time. The memory model
 * and launch scheme are in docs/webgpu.md. */
#ifndef CUWA_RUNTIME_WEBGPU_H
#define CUWA_RUNTIME_WEBGPU_H

#include <stddef.h>

#include "runtime/device.h"

/* NULL with a one-line reason when no usable WebGPU adapter exists. */
Device *webgpu_device_new(char *why, size_t why_size);

/* Compiles a WGSL module from the WGSL back end on dev (a webgpu device)
 * and creates a pipeline for each "// cuwa-kernel" line with workgroup
 * size wg and dyn_words words of dynamic shared memory. 0 if Dawn accepts
 * all of it, else -1 with Dawn's message in why. For tests and tools. */
int webgpu_validate_wgsl(Device *dev, const char *wgsl, unsigned wg, unsigned dyn_words,
                         char *why, size_t why_size);

#endif
