/* surface_types.h: surface object types as CUDA 13 names them (boundary
 * and format modes, cudaSurfaceObject_t, the cudaSurfaceType* constants).
 * Self-contained C, read by host code and, through
 * include/cuwa/device/surface_types.h, by device code. */
#ifndef __SURFACE_TYPES_H__
#define __SURFACE_TYPES_H__

#define cudaSurfaceType1D              0x01
#define cudaSurfaceType2D              0x02
#define cudaSurfaceType3D              0x03
#define cudaSurfaceTypeCubemap         0x0C
#define cudaSurfaceType1DLayered       0xF1
#define cudaSurfaceType2DLayered       0xF2
#define cudaSurfaceTypeCubemapLayered  0xFC

enum cudaSurfaceBoundaryMode {
  cudaBoundaryModeZero  = 0,
  cudaBoundaryModeClamp = 1,
  cudaBoundaryModeTrap  = 2
};

enum cudaSurfaceFormatMode {
  cudaFormatModeForced = 0,
  cudaFormatModeAuto   = 1
};

typedef unsigned long long cudaSurfaceObject_t;

#endif /* __SURFACE_TYPES_H__ */
