/* device.h: the device interface under the CUDA Runtime API. One Device
 * per backend (cpu, webgpu, cuda) implements these ops; the
 * api_*.c files check arguments, track allocations and map errors, then
 * call the ops. Ops see only valid arguments and return cudaError_t.
 * A backend may show several devices (the cuda backend: one per GPU).
 * Nothing here knows about streams or events: the runtime orders work,
 * and may call ops from several host threads at once (one per stream);
 * a backend that cannot run them concurrently serialises them itself. */
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
  /* Optional additions (NULL or 0 in a backend that does not set them). */
  /* Checks what the backend can tell before running launch (a kernel it
   * has no code for: cudaErrorNoKernelImageForDevice), so that a launch
   * queued on a stream fails at the call, as CUDA's does. NULL: nothing
   * to check; errors then come from launch, reported asynchronously. */
  cudaError_t (*check_launch)(Device *dev, const DeviceLaunch *launch);
  unsigned caps;          /* DEVICE_CAP_* bits */
  /* Runs a launch with every block live at once (cudaLaunchCooperativeKernel:
   * blocks may wait for each other). The runtime has checked the grid
   * against the occupancy limit. NULL: cooperative launches are not
   * supported (cudaErrorNotSupported). */
  cudaError_t (*launch_cooperative)(Device *dev, const DeviceLaunch *launch);
  /* Managed memory the host may also read and write (cudaMallocManaged).
   * NULL: managed memory is malloc's (host code then cannot touch it
   * unless DEVICE_CAP_HOST_MEMORY). */
  cudaError_t (*malloc_managed)(Device *dev, size_t size, void **out);
  /* Makes host memory (cudaHostAlloc, cudaHostRegister) reachable by
   * kernels at the same address (pinned and mapped), and undoes it.
   * NULL: nothing to do (device pointers are host pointers). */
  cudaError_t (*host_register)(Device *dev, void *ptr, size_t size);
  void (*host_unregister)(Device *dev, void *ptr);
  /* Peer access between two devices of this backend (peer->ops == dev->ops,
   * peer != dev). NULL: none, except that two devices with
   * DEVICE_CAP_HOST_MEMORY always reach each other. peer_attribute: the
   * link from dev to peer (enum cudaDeviceP2PAttr: AccessSupported is 1 if
   * dev's kernels can be given access to peer's memory); peer_enable /
   * peer_disable grant and revoke it (cudaErrorPeerAccess* as CUDA). */
  int (*peer_attribute)(Device *dev, Device *peer, int attr);
  cudaError_t (*peer_enable)(Device *dev, Device *peer);
  cudaError_t (*peer_disable)(Device *dev, Device *peer);
  /* Copies n bytes from src (memory of src_dev, same ops) to dst (memory
   * of dev) without host staging. NULL: the runtime stages through host
   * memory. */
  cudaError_t (*memcpy_peer)(Device *dev, void *dst, Device *src_dev, const void *src,
                             size_t n);
} DeviceOps;

/* DeviceOps.caps. */
#define DEVICE_CAP_HOST_MEMORY 1u /* device pointers are host pointers:
                                     the runtime may read and write them
                                     directly (managed memory works, copies
                                     to other devices skip a staging copy) */

struct Device {
  const char *name;      /* "cpu", "webgpu", "cuda" (kind, as in CUWA_DEVICE) */
  const DeviceOps *ops;  /* the backend's operations */
  void *impl;            /* the backend's own state */
};

/* Backends. Each returns NULL and writes a one-line reason into why when
 * the device cannot be used on this machine. */
Device *cpu_device_new(char *why, size_t why_size);

#endif
