/* cuda_texture_types.h: texture object types (texture_types.h). The
 * texture<T, dim, mode> references that CUDA declared here were removed
 * in CUDA 12; cuwa does not have them either. */
#include "texture_types.h"
