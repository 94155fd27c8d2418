/* cuda_surface_types.h: surface object types (surface_types.h). The
 * surface<void, dim> references that CUDA declared here were removed in
 * CUDA 12; cuwa does not have them either. */
#include "surface_types.h"
