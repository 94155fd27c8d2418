/* devices.c: cuwaPrintDevices (include/cuwa.h), the answer of `cuwa
 * devices`: opens each kind of device once, reports it, and closes it. It
 * does not touch the process's runtime state (the device a program uses). */
#include <stdio.h>

#include "cuwa.h"
#include "runtime/cuda/cuda.h"
#include "runtime/runtime.h"
#include "runtime/webgpu/webgpu.h"

static Device *open_cpu(char *why, size_t n) { return cpu_device_new(why, n); }
static Device *open_webgpu(char *why, size_t n) { return webgpu_device_new(why, n); }
static Device *open_cuda(char *why, size_t n) { return cuda_device_new(why, n, false); }

int cuwaPrintDevices(FILE *out) {
  static const struct {
    const char *kind;
    Device *(*open)(char *why, size_t n);
  } kinds[] = {{"cpu", open_cpu}, {"webgpu", open_webgpu}, {"cuda", open_cuda}};
  int working = 0;
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
    char why[256] = "";
    Device *dev = kinds[i].open(why, sizeof why);
    if (!dev) {
      fprintf(out, "%s is not available: %s\n", kinds[i].kind, why);
      continue;
    }
    struct cudaDeviceProp prop;
    dev->ops->properties(dev, &prop);
    fprintf(out, "%s: %s\n", kinds[i].kind, prop.name);
    dev->ops->destroy(dev);
    working++;
  }
  return working;
}
