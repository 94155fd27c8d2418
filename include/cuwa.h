/* cuwa.h: cuwa's own extensions to the CUDA Runtime API, for programs
 * and tools that want to know which devices cuwa can use. */
#ifndef CUWA_H
#define CUWA_H

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Tries every device kind cuwa knows (cpu, webgpu, cuda) and prints one
 * line per kind to out: "<kind>: <device name>" for each that works here,
 * "<kind> is not available: <reason>" for the others. Returns how many
 * work. Independent of CUWA_DEVICE and of the device a program uses. */
int cuwaPrintDevices(FILE *out);

#ifdef __cplusplus
}
#endif

#endif
