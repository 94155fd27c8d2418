/* memcheck_race.c: CUWA_CHECK=racecheck: data races on shared memory
 * between two barriers (docs/memcheck.md). Each OS thread keeps a shadow
 * cell per shared byte of the block it runs: the last writer and the
 * readers of the current epoch, with the epoch stamps. An access by
 * another thread in the same epoch that writes, or reads what was
 * written, is a hazard; hazards are counted per pair of source sites and
 * printed when the launch ends. It does not look at global memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/memcheck_internal.h"

#define RACE_SEVERAL 0xfffffffeu  /* rtid: more than one reader */
#define WARP 32u

void memcheck_race_block(CheckThread *t) {
  size_t need = t->dyn_size ? t->dyn_offset + t->dyn_size : t->sh_size;
  if (need > t->cell_cap) {
    free(t->cells);
    t->cells = calloc(need, sizeof *t->cells);  /* stamps 0: never current */
    t->cell_cap = t->cells ? need : 0;
  }
  t->stamp++;  /* a new block: nothing before it counts */
  if (t->stamp == 0) {  /* wrapped: forget every cell */
    memset(t->cells, 0, t->cell_cap * sizeof *t->cells);
    t->stamp = 1;
  }
}

void cuwa_check_barrier(const CuwaBlockCtx *ctx, int warp) {
  (void)ctx;
  if (g_check.tool != CHECK_RACECHECK) return;
  if (warp) check_tls.wsync++;
  else check_tls.stamp++;
}

/* Counts one hazard between two sites (the first access came first). */
static void note_hazard(const CuwaCheckSite *first, int fk, const CuwaCheckSite *second, int sk) {
  pthread_mutex_lock(&g_check.lock);
  RaceReport *r = NULL;
  for (size_t i = 0; i < g_check.race_count && !r; i++) {
    RaceReport *x = &g_check.races[i];
    if (x->first == first && x->second == second && x->first_kind == fk && x->second_kind == sk)
      r = x;
  }
  if (!r && g_check.race_count == g_check.race_cap) {
    size_t cap = g_check.race_cap ? g_check.race_cap * 2 : 16;
    RaceReport *p = realloc(g_check.races, cap * sizeof *p);
    if (p) g_check.races = p, g_check.race_cap = cap;
  }
  if (!r && g_check.race_count < g_check.race_cap) {
    r = &g_check.races[g_check.race_count++];
    *r = (RaceReport){first, second, fk, sk, 0};
  }
  if (r) r->count++;
  pthread_mutex_unlock(&g_check.lock);
}

/* A write by thread w (at __syncwarp count ws) and an access by thread
 * t in the same barrier epoch race unless they are one thread, or two of
 * one warp with a __syncwarp() between them (Volta and later: lanes of a
 * warp are not in lock step, so without __syncwarp they race too). */
static int write_races(uint32_t w, uint32_t ws, uint32_t t, uint32_t s) {
  return w != t && (w / WARP != t / WARP || ws == s);
}

void memcheck_race_access(CheckThread *t, const CheckAccess *a, size_t offset) {
  const CuwaDim3 d = a->ctx->block_dim;
  uint32_t tid = (a->tz * d.y + a->ty) * d.x + a->tx;
  int write = a->kind == CUWA_CHECK_WRITE, found = 0;
  const CuwaCheckSite *first = NULL;
  int first_kind = 0;
  if (!t->cells || offset + a->size > t->cell_cap) return;
  for (size_t i = offset; i < offset + a->size; i++) {
    RaceCell *c = &t->cells[i];
    if (!found && c->wstamp == t->stamp && write_races(c->wtid, c->wsync, tid, t->wsync))
      found = 1, first = c->wsite, first_kind = CUWA_CHECK_WRITE;
    /* readers count within one __syncwarp interval only (no false alarms
     * for warp-synchronous code that syncs) */
    int readers_now = c->rstamp == t->stamp && c->rsync == t->wsync;
    if (!found && write && readers_now && (c->rtid == RACE_SEVERAL || c->rtid != tid))
      found = 1, first = c->rsite, first_kind = CUWA_CHECK_READ;
    if (write) {
      *c = (RaceCell){a->site, c->rsite, t->stamp, c->rstamp, t->wsync, c->rsync, tid, c->rtid};
    } else if (!readers_now) {
      c->rsite = a->site, c->rstamp = t->stamp, c->rsync = t->wsync, c->rtid = tid;
    } else if (c->rtid != tid) {
      c->rtid = RACE_SEVERAL;
    }
  }
  if (found) note_hazard(first, first_kind, a->site, a->kind);
}

static const char *kind_name(int k) { return k == CUWA_CHECK_WRITE ? "Write" : "Read"; }

/* compute-sanitizer's "analysis" report: one per pair of sites. */
void memcheck_print_races(void) {
  pthread_mutex_lock(&g_check.lock);
  if (g_check.race_count) fflush(stdout);
  for (size_t i = 0; i < g_check.race_count; i++) {
    const RaceReport *r = &g_check.races[i];
    char n[32];
    g_check.hazards++;
    fprintf(stderr, "========= Error: Race reported between %s access at %s in %s:%u\n",
            kind_name(r->first_kind), r->first->func, r->first->file, r->first->line);
    fprintf(stderr, "=========     and %s access at %s in %s:%u [%s hazard%s]\n",
            kind_name(r->second_kind), r->second->func, r->second->file, r->second->line,
            check_count(n, r->count), r->count == 1 ? "" : "s");
    fprintf(stderr, "=========\n");
  }
  g_check.race_count = 0;
  pthread_mutex_unlock(&g_check.lock);
}
