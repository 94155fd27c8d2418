/* registry.c: what the generated code registers before main: modules
 * (device side), kernel stubs and variable shadows (host side), in any
 * order across translation units. Plain growable arrays under the
 * runtime's lock; lookups are linear (a program has few kernels), and the
 * <<<>>> path needs none. Registration never fails loudly: out of memory
 * leaves the entry out, and its launch then reports the error. */
#include <stdlib.h>

#include "runtime/runtime.h"

/* Grows *items (of elem bytes) so one more fits; 0 or -1. */
static int grow(void **items, size_t *cap, size_t count, size_t elem) {
  if (count < *cap)
    return 0;
  size_t n = *cap ? *cap * 2 : 16;
  void *p = realloc(*items, n * elem);
  if (!p)
    return -1;
  *items = p;
  *cap = n;
  return 0;
}

static int default_max_dyn_shared(const CuwaKernelDesc *k) {
  int left = RT_SHARED_PER_BLOCK - (int)k->static_shared_size;
  return left > 0 ? left : 0;
}

void cuwa_register_module(const CuwaModuleDesc *m) {
  Runtime *rt = rt_global();
  Registry *r = &rt->reg;
  pthread_mutex_lock(&rt->lock);
  if (grow((void **)&r->modules, &r->module_cap, r->module_count,
           sizeof *r->modules) == 0)
    r->modules[r->module_count++] = m;
  pthread_mutex_unlock(&rt->lock);
}

void cuwa_register_kernel_stub(const void *stub, const CuwaKernelDesc *k) {
  Runtime *rt = rt_global();
  Registry *r = &rt->reg;
  pthread_mutex_lock(&rt->lock);
  if (!registry_find_stub(r, stub) &&
      grow((void **)&r->kernels, &r->kernel_cap, r->kernel_count,
           sizeof *r->kernels) == 0) {
    KernelEntry e = {stub, k, default_max_dyn_shared(k), -1};
    r->kernels[r->kernel_count++] = e;
  }
  pthread_mutex_unlock(&rt->lock);
}

void cuwa_register_var_shadow(const void *shadow, const CuwaVarDesc *v) {
  Runtime *rt = rt_global();
  Registry *r = &rt->reg;
  pthread_mutex_lock(&rt->lock);
  if (!registry_find_var(r, shadow) &&
      grow((void **)&r->vars, &r->var_cap, r->var_count, sizeof *r->vars) ==
          0) {
    VarEntry e = {shadow, v};
    r->vars[r->var_count++] = e;
    if (v->space == CUWA_VAR_MANAGED)
      atomic_fetch_add(&r->managed_count, 1);
  }
  pthread_mutex_unlock(&rt->lock);
}

KernelEntry *registry_find_stub(Registry *r, const void *stub) {
  for (size_t i = 0; i < r->kernel_count; i++)
    if (r->kernels[i].stub == stub)
      return &r->kernels[i];
  return NULL;
}

KernelEntry *registry_find_desc(Registry *r, const CuwaKernelDesc *desc) {
  for (size_t i = 0; i < r->kernel_count; i++)
    if (r->kernels[i].desc == desc)
      return &r->kernels[i];
  return NULL;
}

VarEntry *registry_find_var(Registry *r, const void *shadow) {
  for (size_t i = 0; i < r->var_count; i++)
    if (r->vars[i].shadow == shadow)
      return &r->vars[i];
  return NULL;
}

void registry_reset_attributes(Registry *r) {
  for (size_t i = 0; i < r->kernel_count; i++) {
    r->kernels[i].max_dyn_shared = default_max_dyn_shared(r->kernels[i].desc);
    r->kernels[i].carveout = -1;
  }
}

void registry_free(Registry *r) {
  free(r->modules);
  free(r->kernels);
  free(r->vars);
  r->modules = NULL;
  r->kernels = NULL;
  r->vars = NULL;
  r->module_count = r->module_cap = r->kernel_count = r->kernel_cap = 0;
  r->var_count = r->var_cap = 0;
  atomic_store(&r->managed_count, 0);
}
