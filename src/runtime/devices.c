/* devices.c: cuwaPrintDevices (include/cuwa.h), the answer of `cuwa
 * devices`: opens each kind of device once (every GPU of the cuda kind,
 * one line each, "cuda:K: name"), reports it, and closes it. It does not
 * touch the process's runtime state (the devices a program uses). */
#include <stdio.h>

#include "cuwa.h"
#include "runtime/cuda/cuda.h"
#include "runtime/runtime.h"
#include "runtime/webgpu/webgpu.h"

/* Prints "label: name" for dev and closes it; 1, or 0 (with why) if NULL. */
static int report(FILE *out, const char *label, Device *dev, const char *why) {
  if (!dev) {
    fprintf(out, "%s is not available: %s\n", label, why);
    return 0;
  }
  struct cudaDeviceProp prop;
  dev->ops->properties(dev, &prop);
  fprintf(out, "%s: %s\n", label, prop.name);
  dev->ops->destroy(dev);
  return 1;
}

int cuwaPrintDevices(FILE *out) {
  char why[256] = "";
  int working = report(out, "cpu", cpu_device_new(why, sizeof why), why);
  why[0] = 0;
  working += report(out, "webgpu", webgpu_device_new(why, sizeof why), why);
  why[0] = 0;
  int gpus = cuda_device_count(why, sizeof why);
  if (gpus == 0)
    return working + report(out, "cuda", NULL, why);
  for (int g = 0; g < gpus; g++) {
    char label[32];
    snprintf(label, sizeof label, "cuda:%d", g);
    why[0] = 0;
    working += report(out, label, cuda_device_open(g, why, sizeof why, false), why);
  }
  return working;
}
