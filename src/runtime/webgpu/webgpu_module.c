/* webgpu_module.c: the modules of the program on the webgpu device. For
 * each registered CuwaModuleDesc: parses the "// cuwa-" header of its WGSL
 * (docs/webgpu.md), places its __device__/__constant__ variables in a heap
 * region initialised from their host copies, and on first launch creates
 * the shader module and, per (kernel, workgroup size, dynamic shared
 * size), a pipeline, each checked through an error scope. It runs nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/runtime.h"
#include "runtime/webgpu/webgpu_internal.h"

/* ---- header --------------------------------------------------------------------- */

/* "// cuwa-string <id> <hex bytes>" up to eol (NULL: end of text). */
static int add_string(WgModule *m, const char *s, const char *eol) {
  const char *hex = strchr(s + 15, ' ');
  size_t n = hex ? (size_t)((eol ? eol : hex + strlen(hex)) - hex - 1) / 2 : 0;
  char *str = malloc(n + 1), **v = realloc(m->strings, (m->string_count + 1) * sizeof *v);
  if (!str || !v) return free(str), -1;
  m->strings = v;
  for (size_t k = 0; k < n; k++) {
    unsigned byte = 0;
    sscanf(hex + 1 + 2 * k, "%2x", &byte);
    str[k] = (char)byte;
  }
  str[n] = 0;
  m->strings[m->string_count++] = str;
  return 0;
}

static int parse_header(WgModule *m, const char *text) {
  for (const char *s = text; strncmp(s, "// cuwa-", 8) == 0;) {
    const char *eol = strchr(s, '\n');
    char name[256];
    unsigned a = 0, b = 0, c = 0, d = 0, t = 0;
    int ord, bar;
    if (sscanf(s, "// cuwa-module globals=%u shared=%u local=%u uniform=%u trap=%u", &a, &b, &c, &d, &t) == 5) {
      m->globals_size = a;
      m->shared_static = b;
      m->local_size = c;
      m->uniform_size = d;
      m->uses_trap = t != 0;
    } else if (sscanf(s, "// cuwa-var %255s %u %u", name, &a, &b) == 3) {
      WgVar *v = realloc(m->vars, (m->var_count + 1) * sizeof *v);
      if (!v) return -1;
      m->vars = v;
      v[m->var_count++] = (WgVar){strdup(name), a, b};
    } else if (sscanf(s, "// cuwa-printf %u", &a) == 1) {
      m->uses_printf = true;
    } else if (sscanf(s, "// cuwa-string %d", &ord) == 1 && ord == m->string_count) {
      if (add_string(m, s, eol) != 0) return -1;
    } else if (sscanf(s, "// cuwa-kernel %d %255s barrier=%d", &ord, name, &bar) == 3) {
      WgKernelInfo *k = realloc(m->kernels, (m->kernel_count + 1) * sizeof *k);
      if (!k) return -1;
      m->kernels = k;
      const char *vt = strstr(s, " vt=1");
      k[m->kernel_count++] = (WgKernelInfo){ord, bar != 0, vt && (!eol || vt < eol)};
    }
    if (!eol) break;
    s = eol + 1;
  }
  return 0;
}

static const WgVar *find_var(const WgModule *m, const char *name) {
  for (int k = 0; k < m->var_count; k++)
    if (strcmp(m->vars[k].name, name) == 0) return &m->vars[k];
  return NULL;
}

/* "// cuwa-init <offset> <hex>" lines: the initial bytes of internal
 * constants (string literals, statics) that have no host copy. */
static cudaError_t write_inits(WgDevice *w, WgModule *m) {
  const char *text = m->desc->wgsl->text;
  cudaError_t e = cudaSuccess;
  for (const char *s = text; e == cudaSuccess && strncmp(s, "// cuwa-", 8) == 0;) {
    const char *eol = strchr(s, '\n');
    unsigned off;
    int at = 0;
    if (sscanf(s, "// cuwa-init %u %n", &off, &at) == 1 && at) {
      const char *hex = s + at;
      size_t n = (size_t)((eol ? eol : hex + strlen(hex)) - hex) / 2;
      unsigned char *b = malloc(n ? n : 1);
      if (!b) return cudaErrorMemoryAllocation;
      for (size_t k = 0; k < n; k++) {
        unsigned v = 0;
        sscanf(hex + 2 * k, "%2x", &v);
        b[k] = (unsigned char)v;
      }
      e = wg_write(w, m->globals_base + off, b, n);
      free(b);
    }
    if (!eol) break;
    s = eol + 1;
  }
  return e;
}

/* Globals region: allocated and filled from the variables' host copies,
 * which hold their initial values. */
static cudaError_t load_globals(WgDevice *w, WgModule *m) {
  if (!m->globals_size) return cudaSuccess;
  uint32_t base;
  cudaError_t e = wg_heap_alloc(w, m->globals_size, &base);
  if (e != cudaSuccess) return e;
  m->globals_base = base;
  e = write_inits(w, m);
  for (int k = 0; k < m->desc->var_count && e == cudaSuccess; k++) {
    const CuwaVarDesc *vd = m->desc->vars[k];
    const WgVar *v = find_var(m, vd->name);
    if (v && vd->cpu_addr && v->size <= vd->size) e = wg_write(w, base + v->offset, vd->cpu_addr, v->size);
  }
  return e;
}

static void load_module(WgDevice *w, WgModule *m) {
  const CuwaTargetCode *code = m->desc->wgsl;
  if (!code || !code->text || parse_header(m, code->text) != 0) {
    m->failed = true;
    return;
  }
  if (load_globals(w, m) != cudaSuccess) m->failed = true;
}

/* Picks up modules registered since the last call. */
static void sync_modules(WgDevice *w) {
  Runtime *rt = rt_global();
  pthread_mutex_lock(&rt->lock);
  int n = (int)rt->reg.module_count;
  const CuwaModuleDesc **mods = rt->reg.modules;
  if (n > w->module_count) {
    WgModule *ms = realloc(w->modules, n * sizeof *ms);
    if (ms) {
      w->modules = ms;
      for (int k = w->module_count; k < n; k++) {
        memset(&ms[k], 0, sizeof ms[k]);
        ms[k].desc = mods[k];
      }
    }
  }
  pthread_mutex_unlock(&rt->lock);
  if (!w->modules) return;
  for (int k = w->module_count; k < n; k++) load_module(w, &w->modules[k]);
  if (n > w->module_count) w->module_count = n;
}

const WgKernelInfo *wg_kernel_info(const WgModule *m, int ordinal) {
  for (int k = 0; k < m->kernel_count; k++)
    if (m->kernels[k].ordinal == ordinal) return &m->kernels[k];
  return NULL;
}

cudaError_t wg_var_offset(WgDevice *w, const void *host_addr, size_t n, uint64_t *off) {
  sync_modules(w);
  const char *p = host_addr;
  for (int k = 0; k < w->module_count; k++) {
    WgModule *m = &w->modules[k];
    for (int j = 0; j < m->desc->var_count; j++) {
      const CuwaVarDesc *vd = m->desc->vars[j];
      const char *base = vd->cpu_addr;
      if (!base || p < base || p >= base + vd->size) continue;
      const WgVar *v = find_var(m, vd->name);
      if (m->failed || !v || (size_t)(p - base) + n > v->size) return cudaErrorInvalidSymbol;
      *off = m->globals_base + v->offset + (uint64_t)(p - base);
      return cudaSuccess;
    }
  }
  return cudaErrorInvalidValue;
}

/* ---- shader module and pipelines ------------------------------------------------------ */

typedef struct ScopeResult {
  uint32_t type;
  char message[4096];
} ScopeResult;

static void on_pop(uint32_t status, uint32_t type, WGPUStringView msg, void *ud1, void *ud2) {
  ScopeResult *r = ud1;
  r->type = type;
  size_t n = !msg.data ? 0 : msg.length == WGPU_STRLEN ? strlen(msg.data) : msg.length;
  if (n >= sizeof r->message) n = sizeof r->message - 1;
  if (n) memcpy(r->message, msg.data, n);
  r->message[n] = 0;
}

/* Pops the validation scope pushed before a create call; 0 if clean. */
static int pop_scope(WgDevice *w, ScopeResult *r) {
  r->type = 0;
  r->message[0] = 0;
  WGPUPopErrorScopeCallbackInfo cb = {NULL, WGPU_CALLBACK_ALLOW_SPONTANEOUS, on_pop, r, NULL};
  WGPUFutureWaitInfo wi = {w->api.wgpuDevicePopErrorScope(w->device, cb), 0};
  w->api.wgpuInstanceWaitAny(w->instance, 1, &wi, UINT64_MAX);
  return r->type == WGPU_ERROR_NONE ? 0 : -1;
}

static cudaError_t create_shader(WgDevice *w, WgModule *m, const CuwaKernelDesc *k) {
  const char *text = m->desc->wgsl->text;
  WGPUShaderSourceWGSL src = {{NULL, WGPU_STYPE_SHADER_SOURCE_WGSL}, {text, strlen(text)}};
  WGPUShaderModuleDescriptor sd = {&src.chain, {NULL, WGPU_STRLEN}};
  w->api.wgpuDevicePushErrorScope(w->device, WGPU_ERROR_FILTER_VALIDATION);
  WGPUShaderModule sm = w->api.wgpuDeviceCreateShaderModule(w->device, &sd);
  ScopeResult r;
  if (pop_scope(w, &r) != 0) {
    fprintf(stderr, "cuwa: webgpu: the WGSL of %s was rejected (a cuwa bug):\n%s\n",
            m->desc->source_path ? m->desc->source_path : "?", r.message);
    if (sm) w->api.wgpuShaderModuleRelease(sm);
    m->failed = true;
    return cudaErrorInvalidKernelImage;
  }
  m->shader = sm;
  return cudaSuccess;
}

cudaError_t wg_module_for_kernel(WgDevice *w, const CuwaKernelDesc *k, WgModule **out) {
  sync_modules(w);
  for (int i = 0; i < w->module_count; i++) {
    WgModule *m = &w->modules[i];
    for (int j = 0; j < m->desc->kernel_count; j++) {
      if (m->desc->kernels[j] != k) continue;
      if (m->failed) {
        const CuwaTargetCode *c = m->desc->wgsl;
        fprintf(stderr, "cuwa: kernel '%s' cannot run on the webgpu device:\n%s", k->name,
                c && c->error ? c->error : "its WebGPU code could not be loaded\n");
        return cudaErrorNoKernelImageForDevice;
      }
      *out = m;
      return m->shader ? cudaSuccess : create_shader(w, m, k);
    }
  }
  return cudaErrorInvalidDeviceFunction;
}

/* The shader module whose "const cuwa_vt" line says vt CUDA threads per
 * invocation (the back end prints it as 1u): made once per vt. */
static cudaError_t vt_shader(WgDevice *w, WgModule *m, uint32_t vt, WGPUShaderModule *out) {
  for (int i = 0; i < m->vt_count; i++)
    if (m->vt_shaders[i].vt == vt) return *out = m->vt_shaders[i].shader, cudaSuccess;
  static const char line[] = "\nconst cuwa_vt: u32 = 1u;\n";
  const char *text = m->desc->wgsl->text, *at = strstr(text, line);
  if (!at) return cudaErrorInvalidKernelImage;
  size_t head = (size_t)(at - text), n = strlen(text) + 32;
  char *patched = malloc(n);
  struct WgVtShader *v = realloc(m->vt_shaders, (m->vt_count + 1) * sizeof *v);
  if (v) m->vt_shaders = v;
  if (!patched || !v) return free(patched), cudaErrorMemoryAllocation;
  snprintf(patched, n, "%.*s\nconst cuwa_vt: u32 = %uu;\n%s", (int)head, text, vt, at + strlen(line));
  WGPUShaderSourceWGSL src = {{NULL, WGPU_STYPE_SHADER_SOURCE_WGSL}, {patched, strlen(patched)}};
  WGPUShaderModuleDescriptor sd = {&src.chain, {NULL, WGPU_STRLEN}};
  w->api.wgpuDevicePushErrorScope(w->device, WGPU_ERROR_FILTER_VALIDATION);
  WGPUShaderModule sm = w->api.wgpuDeviceCreateShaderModule(w->device, &sd);
  free(patched);
  ScopeResult r;
  if (pop_scope(w, &r) != 0) {
    fprintf(stderr, "cuwa: webgpu: the WGSL of %s for %u threads per invocation was rejected (a cuwa bug):\n%s\n",
            m->desc->source_path ? m->desc->source_path : "?", vt, r.message);
    if (sm) w->api.wgpuShaderModuleRelease(sm);
    return cudaErrorInvalidKernelImage;
  }
  m->vt_shaders[m->vt_count++] = (struct WgVtShader){vt, sm};
  *out = sm;
  return cudaSuccess;
}

cudaError_t wg_pipeline(WgDevice *w, WgModule *m, const CuwaKernelDesc *k, uint32_t wg,
                        uint32_t dyn_words, uint32_t vt, WGPUComputePipeline *out) {
  for (int i = 0; i < m->pipeline_count; i++) {
    WgPipeline *p = &m->pipelines[i];
    if (p->ordinal == k->ordinal && p->wg == wg && p->dyn_words == dyn_words && p->vt == vt) {
      *out = p->pipeline;
      return cudaSuccess;
    }
  }
  WGPUShaderModule sm = m->shader;
  if (vt > 1) {
    cudaError_t e = vt_shader(w, m, vt, &sm);
    if (e != cudaSuccess) return e;
  }
  char entry[32];
  snprintf(entry, sizeof entry, vt > 1 ? "cuwa_k%d_vt" : "cuwa_k%d", k->ordinal);
  WGPUConstantEntry consts[2] = {{NULL, {"cuwa_wg", WGPU_STRLEN}, wg},
                                 {NULL, {"cuwa_dyn_words", WGPU_STRLEN}, dyn_words}};
  WGPUComputePipelineDescriptor pd = {0};
  pd.layout = w->layout;
  pd.compute.module = sm;
  pd.compute.entryPoint = (WGPUStringView){entry, WGPU_STRLEN};
  pd.compute.constantCount = 2;
  pd.compute.constants = consts;
  w->api.wgpuDevicePushErrorScope(w->device, WGPU_ERROR_FILTER_VALIDATION);
  WGPUComputePipeline pl = w->api.wgpuDeviceCreateComputePipeline(w->device, &pd);
  ScopeResult r;
  if (pop_scope(w, &r) != 0) {
    fprintf(stderr, "cuwa: webgpu: kernel '%s' cannot run with %u invocations per workgroup (%u threads each):\n%s\n",
            k->name, wg, vt, r.message);
    /* WGSL's limit on private memory is 8192 bytes; a big by-value struct
     * parameter (cuda-samples LargeKernelParameter) is copied there */
    if ((uint64_t)m->local_size * vt > 8192)
      fprintf(stderr, "cuwa: webgpu: kernel '%s' keeps %llu bytes per invocation in private memory (local arrays, "
                      "by-value struct parameters); WebGPU only guarantees 8192\n",
              k->name, (unsigned long long)m->local_size * vt);
    if (pl) w->api.wgpuComputePipelineRelease(pl);
    return cudaErrorLaunchOutOfResources;
  }
  if (m->pipeline_count == m->pipeline_cap) {
    int cap = m->pipeline_cap ? m->pipeline_cap * 2 : 8;
    WgPipeline *ps = realloc(m->pipelines, cap * sizeof *ps);
    if (!ps) {
      w->api.wgpuComputePipelineRelease(pl);
      return cudaErrorMemoryAllocation;
    }
    m->pipelines = ps;
    m->pipeline_cap = cap;
  }
  m->pipelines[m->pipeline_count++] = (WgPipeline){k->ordinal, wg, dyn_words, vt, pl};
  *out = pl;
  return cudaSuccess;
}

void wg_modules_free(WgDevice *w) {
  for (int i = 0; i < w->module_count; i++) {
    WgModule *m = &w->modules[i];
    for (int j = 0; j < m->pipeline_count; j++) w->api.wgpuComputePipelineRelease(m->pipelines[j].pipeline);
    if (m->shader) w->api.wgpuShaderModuleRelease(m->shader);
    for (int j = 0; j < m->vt_count; j++) w->api.wgpuShaderModuleRelease(m->vt_shaders[j].shader);
    free(m->vt_shaders);
    for (int j = 0; j < m->var_count; j++) free(m->vars[j].name);
    for (int j = 0; j < m->string_count; j++) free(m->strings[j]);
    free(m->strings);
    free(m->vars);
    free(m->kernels);
    free(m->pipelines);
  }
  free(w->modules);
  w->modules = NULL;
  w->module_count = 0;
}

/* Dawn's verdict on one text: the module, then the pipeline of every
 * kernel (its _vt entry point when vt > 1, for the kernels that have one). */
static int validate_text(WgDevice *w, const char *wgsl, unsigned wg, unsigned dyn_words, unsigned vt,
                         ScopeResult *r, char *why, size_t why_size) {
  int rc = 0;
  WGPUShaderSourceWGSL src = {{NULL, WGPU_STYPE_SHADER_SOURCE_WGSL}, {wgsl, strlen(wgsl)}};
  WGPUShaderModuleDescriptor sd = {&src.chain, {NULL, WGPU_STRLEN}};
  w->api.wgpuDevicePushErrorScope(w->device, WGPU_ERROR_FILTER_VALIDATION);
  WGPUShaderModule sm = w->api.wgpuDeviceCreateShaderModule(w->device, &sd);
  if (pop_scope(w, r) != 0) {
    snprintf(why, why_size, "%s%s", vt > 1 ? "cuwa_vt > 1: " : "", r->message);
    rc = -1;
  }
  WgModule m = {0};
  if (rc == 0 && parse_header(&m, wgsl) == 0) {
    for (int k = 0; k < m.kernel_count && rc == 0; k++) {
      if (vt > 1 && !m.kernels[k].vt) continue;
      char entry[32];
      snprintf(entry, sizeof entry, vt > 1 ? "cuwa_k%d_vt" : "cuwa_k%d", m.kernels[k].ordinal);
      WGPUConstantEntry consts[2] = {{NULL, {"cuwa_wg", WGPU_STRLEN}, wg},
                                     {NULL, {"cuwa_dyn_words", WGPU_STRLEN}, dyn_words}};
      WGPUComputePipelineDescriptor pd = {0};
      pd.layout = w->layout;
      pd.compute.module = sm;
      pd.compute.entryPoint = (WGPUStringView){entry, WGPU_STRLEN};
      pd.compute.constantCount = 2;
      pd.compute.constants = consts;
      w->api.wgpuDevicePushErrorScope(w->device, WGPU_ERROR_FILTER_VALIDATION);
      WGPUComputePipeline pl = w->api.wgpuDeviceCreateComputePipeline(w->device, &pd);
      if (pop_scope(w, r) != 0) {
        snprintf(why, why_size, "%s: %s", entry, r->message);
        rc = -1;
      }
      if (pl) w->api.wgpuComputePipelineRelease(pl);
    }
  }
  for (int j = 0; j < m.string_count; j++) free(m.strings[j]);
  free(m.strings);
  for (int j = 0; j < m.var_count; j++) free(m.vars[j].name);
  free(m.vars);
  free(m.kernels);
  if (sm) w->api.wgpuShaderModuleRelease(sm);
  return rc;
}

int webgpu_validate_wgsl(Device *dev, const char *wgsl, unsigned wg, unsigned dyn_words, char *why,
                         size_t why_size) {
  WgDevice *w = dev->impl;
  pthread_mutex_lock(&w->lock);
  ScopeResult *r = malloc(sizeof *r);
  int rc = r ? validate_text(w, wgsl, wg, dyn_words, 1, r, why, why_size) : -1;
  if (!r) snprintf(why, why_size, "out of memory");
  /* the coarse entry points, as a launch of 4 threads per invocation sees them */
  static const char line[] = "\nconst cuwa_vt: u32 = 1u;\n";
  const char *at = rc == 0 && strstr(wgsl, " vt=1\n") ? strstr(wgsl, line) : NULL;
  if (at) {
    size_t n = strlen(wgsl) + 32;
    char *patched = malloc(n);
    if (patched) {
      snprintf(patched, n, "%.*s\nconst cuwa_vt: u32 = 4u;\n%s", (int)(at - wgsl), wgsl, at + strlen(line));
      rc = validate_text(w, patched, wg, dyn_words, 4, r, why, why_size);
      free(patched);
    }
  }
  free(r);
  pthread_mutex_unlock(&w->lock);
  return rc;
}
