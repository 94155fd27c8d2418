/* memcheck_internal.h: what memcheck.c and memcheck_race.c share: the
 * process-wide check state, the per-OS-thread block state and one access
 * being checked. Only for those two files. */
#ifndef CUWA_RUNTIME_MEMCHECK_INTERNAL_H
#define CUWA_RUNTIME_MEMCHECK_INTERNAL_H

#include <pthread.h>
#include <stdint.h>

#include "runtime/runtime.h"

enum { CHECK_OFF, CHECK_MEMCHECK, CHECK_INITCHECK, CHECK_RACECHECK };
enum { RANGE_DEVICE, RANGE_OTHER, RANGE_FREED };

typedef struct Range {
  char *base;
  size_t size;
  int kind;                 /* RANGE_* */
  unsigned char *shadow;    /* initcheck: 1 per byte written; NULL: all written */
  const char *name;         /* a __device__ variable's name */
  Device *dev;              /* RANGE_FREED: the device that frees it */
} Range;

/* What launches check addresses against: immutable once published, so
 * launches on several streams share it without a lock; the older ones
 * are freed when no checked launch runs. */
typedef struct Snapshot {
  Range *items;             /* sorted by base */
  size_t count;
  struct Snapshot *older;
} Snapshot;

/* One hazard kind between two source sites, counted over a launch. */
typedef struct RaceReport {
  const CuwaCheckSite *first, *second;
  int first_kind, second_kind;  /* CUWA_CHECK_READ / _WRITE */
  unsigned long long count;
} RaceReport;

typedef struct CheckState {
  pthread_mutex_t lock;         /* guards the fields below but tool */
  int tool;                     /* CHECK_*; set once at init */
  unsigned long long errors;    /* bad accesses reported (memcheck, initcheck) */
  unsigned long long hazards;   /* racecheck reports */
  Range *vars;                  /* __device__ storage of checked modules */
  size_t var_count, var_cap;
  Range *shadows;               /* initcheck: live cudaMalloc blocks */
  size_t shadow_count, shadow_cap;
  Range *freed;                 /* memcheck: the quarantine, oldest first */
  size_t freed_count, freed_cap, freed_bytes;
  const void **warned;          /* kernels (devices) already warned about */
  size_t warned_count, warned_cap;
  /* the launch being checked */
  const CuwaKernelDesc *kernel; /* the kernel, while only one runs checked */
  int active;                   /* checked launches running */
  Snapshot *snap;               /* the newest (atomic pointer) */
  RaceReport *races;
  size_t race_count, race_cap;
} CheckState;

/* Racecheck's shadow of one shared byte. */
typedef struct RaceCell {
  const CuwaCheckSite *wsite, *rsite;  /* last write; first read of the epoch */
  uint32_t wstamp, rstamp;  /* barrier epochs (unique per OS thread) */
  uint32_t wsync, rsync;    /* __syncwarp count at the access */
  uint32_t wtid, rtid;      /* linear thread; rtid RACE_SEVERAL: several readers */
} RaceCell;

typedef struct CheckThread {
  int stack_known;
  uintptr_t stack_lo, stack_hi;   /* this OS thread's stack: locals */
  uintptr_t sh, dyn, scr;         /* static/dynamic shared, scratch of the block */
  size_t sh_size, dyn_size, dyn_offset, scr_size;
  RaceCell *cells;                /* racecheck: one per shared byte */
  size_t cell_cap;
  uint32_t stamp, wsync;          /* current epoch, __syncwarp count */
} CheckThread;

typedef struct CheckAccess {
  const CuwaBlockCtx *ctx;
  const void *addr;
  size_t size;
  int kind;                       /* CUWA_CHECK_READ/WRITE/ATOMIC */
  const CuwaCheckSite *site;
  uint32_t tx, ty, tz;
} CheckAccess;

extern CheckState g_check;
extern _Thread_local CheckThread check_tls;

const char *check_count(char *buf, size_t n);  /* 4096 -> "4,096" */
int check_count_error(void);                    /* lock held; 1: print it */
void check_print_where(const CheckAccess *a);   /* "at ...", "by thread ..." */

/* memcheck_race.c */
void memcheck_race_block(CheckThread *t);
void memcheck_race_access(CheckThread *t, const CheckAccess *a, size_t offset);
void memcheck_print_races(void);

#endif
