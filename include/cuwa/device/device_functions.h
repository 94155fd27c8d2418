/* device_functions.h (cuwa device pass): __syncthreads, __shfl_sync,
 * atomicAdd, __float2int_rn and the other device functions are compiler
 * intrinsics of cuwa, so nothing is declared here. */
#ifndef __DEVICE_FUNCTIONS_H__
#define __DEVICE_FUNCTIONS_H__

#include "host_defines.h"

#endif
