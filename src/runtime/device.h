/* device.h: the device interface under the CUDA Runtime API. One Device
 * per backend (cpu now; webgpu and cuda later) implements these ops; the
 * api_*.c files check arguments, track allocations and map errors, then
 * call the ops. Ops see only valid arguments and return cudaError_t.
 * Nothing here knows about streams or events: the runtime orders work. */
#ifndef CUWA_RUNTIME_DEVICE_H
#define CUWA_RUNTIME_DEVICE_H

#include <stddef.h>

#include "cuwa/kernel_abi.h"
#include "driver_types.h"

typedef struct Device Device;

/* One kernel launch, already validated and with its parameters packed. */
typedef struct DeviceLaunch {
  const CuwaKernelDesc *kernel; /* what to run */
  CuwaDim3 grid;                /* blocks in the grid */
  CuwaDim3 block;               /* threads per block */
  size_t dyn_shared;            /* extern __shared__ bytes per block */
  const void *params;           /* packed parameter buffer (desc layout) */
  struct CuwaLaunch *state;     /* runtime per-launch state (asserts) */
} DeviceLaunch;

typedef struct DeviceOps {
  cudaError_t (*malloc)(Device *dev, size_t size, void **out);
  void (*free)(Device *dev, void *ptr);
  cudaError_t (*memcpy_h2d)(Device *dev, void *dst, const void *src, size_t n);
  cudaError_t (*memcpy_d2h)(Device *dev, void *dst, const void *src, size_t n);
  cudaError_t (*memcpy_d2d)(Device *dev, void *dst, const void *src, size_t n);
  cudaError_t (*memset)(Device *dev, void *dst, int value, size_t n);
  /* Runs (or enqueues) a launch; errors raised by device code (asserts)
   * are reported through launch->state, not the return value. */
  cudaError_t (*launch)(Device *dev, const DeviceLaunch *launch);
  cudaError_t (*synchronize)(Device *dev);
  cudaError_t (*mem_info)(Device *dev, size_t *free_bytes, size_t *total);
  /* Fills every field of *prop with this device's real values. */
  void (*properties)(Device *dev, struct cudaDeviceProp *prop);
  void (*destroy)(Device *dev);
} DeviceOps;

struct Device {
  const char *name;      /* "cpu", "webgpu", "cuda" (as in CUWA_DEVICE) */
  const DeviceOps *ops;  /* the backend's operations */
  void *impl;            /* the backend's own state */
};

/* Backends. Each returns NULL and writes a one-line reason into why when
 * the device cannot be used on this machine. */
Device *cpu_device_new(char *why, size_t why_size);

#endif
