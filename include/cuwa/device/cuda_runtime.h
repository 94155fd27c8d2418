/* cuda_runtime.h (cuwa device pass): what nvcc's device compilation gets
 * from cuda_runtime.h, which it includes implicitly: the runtime's types,
 * vector types, math constants and the C headers that NVIDIA's
 * common_functions.h pulls in (so printf, memcpy, malloc work without an
 * #include). Device functions and math functions are intrinsics. */
#ifndef __CUDA_RUNTIME_H__
#define __CUDA_RUNTIME_H__

#include "host_defines.h"
#include "builtin_types.h"
#include "cuda_runtime_api.h"
#include "cuda_device_runtime_api.h" /* dynamic parallelism */
#include "device_launch_parameters.h"
#include "device_functions.h"
#include "math_functions.h"
#include "math_constants.h"
#include "vector_functions.h"
#include "texture_fetch.h" /* texture and surface objects */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <time.h>
#include <limits.h> /* nvcc gets it through driver_types.h */

#endif
