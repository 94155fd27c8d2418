/* memcheck.h: CUWA_CHECK=memcheck|initcheck|racecheck (memcheck.c,
 * docs/memcheck.md): the hooks the api_*.c files call. Every hook is a
 * no-op (one load) unless a tool was asked for. Not for user programs. */
#ifndef CUWA_RUNTIME_MEMCHECK_H
#define CUWA_RUNTIME_MEMCHECK_H

#include <stddef.h>

#include "runtime/runtime.h"

/* Reads CUWA_CHECK (once, at runtime init); 1 if a tool is on. */
int memcheck_init(void);
int memcheck_enabled(void);
/* Before a launch: on the cpu device, points l->kernel at *copy, a copy
 * of the kernel's desc that runs its checked variant, and takes the
 * allocation snapshot the checks use. 1 if memcheck_launch_end must
 * follow the launch. */
int memcheck_launch_begin(Runtime *rt, Device *d, DeviceLaunch *l, CuwaKernelDesc *copy);
void memcheck_launch_end(Runtime *rt, const DeviceLaunch *l);
/* cudaMalloc & co. succeeded (kind: AllocKind). */
void memcheck_on_alloc(void *base, size_t size, int kind);
/* cudaFree of a device or managed allocation: 1 if the memory went to
 * the quarantine (the caller must not free it; use after free is then
 * reported), 0 if the caller frees it as usual. */
int memcheck_on_free(Device *d, void *base, size_t size);
/* The host wrote device memory (cudaMemcpy*, cudaMemset*): initcheck. */
void memcheck_on_write(const void *dst, size_t n);

#endif
