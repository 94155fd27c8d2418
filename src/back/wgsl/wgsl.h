/* wgsl.h: the WGSL back end's public face: backend_wgsl (back.h's
 * struct) for the driver and --emit=wgsl. The text it prints starts with
 * "// cuwa-..." metadata lines that the webgpu runtime parses
 * (docs/webgpu.md, "Module text"). */
#ifndef CUWA_BACK_WGSL_H
#define CUWA_BACK_WGSL_H

#include "../back.h"

extern const Backend backend_wgsl;

#endif
