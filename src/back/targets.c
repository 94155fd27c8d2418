/* targets.c: the list of optional back ends (devices other than the CPU)
 * that the driver runs on every module; see back.h. Add a back end here
 * with one line. */
#include "back.h"
#include "wgsl/wgsl.h"

const Backend *const backend_targets[] = {
    &backend_wgsl,
    &backend_ptx,
    NULL,
};
