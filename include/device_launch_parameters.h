/* device_launch_parameters.h: in CUDA this declares threadIdx, blockIdx,
 * blockDim, gridDim and warpSize for device code. cuwa's compiler knows
 * those built-ins itself, so host code only needs the vector types. */
#ifndef __DEVICE_LAUNCH_PARAMETERS_H__
#define __DEVICE_LAUNCH_PARAMETERS_H__

#include "vector_types.h"

#endif /* __DEVICE_LAUNCH_PARAMETERS_H__ */
