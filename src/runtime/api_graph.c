/* api_graph.c: CUDA graphs: explicit construction (kernel, memcpy,
 * memset, host, child graph, empty, event record and wait nodes, with
 * dependencies), stream capture (work submitted to a capturing stream
 * becomes nodes; events recorded in it carry the capture to the streams
 * that wait for them), instantiation into a topologically ordered copy,
 * launch as one piece of stream work, and update of an instantiated
 * graph. Each node holds a Work (work.c) that runs it. An instantiated
 * graph runs level by level (a node's level is one more than its deepest
 * dependency's): the nodes of one level are independent and run
 * concurrently, one thread each, the stream's thread taking the first. */
#include <stdlib.h>
#include <string.h>

#include "runtime/runtime.h"

struct CUgraphNode_st {
  enum cudaGraphNodeType type;
  struct CUgraph_st *graph;     /* the graph it belongs to */
  Work work;                    /* what it runs (owns kernel params) */
  struct CUgraph_st *child;     /* cudaGraphNodeTypeGraph: its own clone */
  struct CUgraphNode_st **deps; /* nodes it follows */
  size_t ndeps, dcap;
};

struct CUgraph_st {
  struct CUgraphNode_st **nodes;
  size_t count, cap;
};

typedef struct ExecNode {
  struct CUgraphNode_st *origin;/* the node it was made from (the graph may be
                                   destroyed since: compare, never follow) */
  int ndeps;                    /* its dependency count, for cudaGraphExecUpdate */
  int level;                    /* 1 + the deepest dependency's level */
  enum cudaGraphNodeType type;
  Work work;                    /* its own copy */
  struct CUgraphExec_st *child; /* an instantiated child graph */
} ExecNode;

struct CUgraphExec_st {
  ExecNode *nodes;              /* in an order that respects dependencies */
  size_t count;
};

struct Capture {
  cudaGraph_t graph;
  enum cudaStreamCaptureMode mode;
  struct CUstream_st *origin;   /* where it began (and must end) */
  int invalidated;              /* an unsupported call happened */
  int blocks_legacy;            /* counted in Runtime.legacy_blockers */
  unsigned long long id;
};

static _Thread_local enum cudaStreamCaptureMode tls_capture_mode;
static atomic_ullong capture_ids;

/* ---- graphs and nodes -------------------------------------------------------- */

/* A copy of w's payload that owns its own parameter buffer. */
static int copy_work(Work *dst, const Work *src) {
  *dst = *src;
  dst->next = NULL;
  if (src->kind != WORK_KERNEL)
    return 0;
  const CuwaKernelDesc *k = src->u.kernel.desc;
  size_t align = k->param_buffer_align > sizeof(void *) ? k->param_buffer_align
                                                          : sizeof(void *);
  size_t size = (k->param_buffer_size + align - 1) / align * align;
  dst->u.kernel.params = aligned_alloc(align, size ? size : align);
  if (!dst->u.kernel.params)
    return -1;
  memcpy(dst->u.kernel.params, src->u.kernel.params, k->param_buffer_size);
  return 0;
}

static void free_node(struct CUgraphNode_st *n) {
  if (n->work.kind == WORK_KERNEL)
    free(n->work.u.kernel.params);
  if (n->child)
    cudaGraphDestroy(n->child);
  free(n->deps);
  free(n);
}

cudaError_t cudaGraphCreate(cudaGraph_t *pGraph, unsigned int flags) {
  if (!pGraph || flags != 0)
    return rt_return(cudaErrorInvalidValue);
  *pGraph = calloc(1, sizeof **pGraph);
  return *pGraph ? cudaSuccess : rt_return(cudaErrorMemoryAllocation);
}

cudaError_t cudaGraphDestroy(cudaGraph_t graph) {
  if (!graph)
    return rt_return(cudaErrorInvalidValue);
  for (size_t i = 0; i < graph->count; i++)
    free_node(graph->nodes[i]);
  free(graph->nodes);
  free(graph);
  return cudaSuccess;
}

static int add_dep(struct CUgraphNode_st *n, struct CUgraphNode_st *d) {
  for (size_t i = 0; i < n->ndeps; i++)
    if (n->deps[i] == d)
      return 0;
  if (n->ndeps == n->dcap) {
    size_t cap = n->dcap ? n->dcap * 2 : 4;
    void *p = realloc(n->deps, cap * sizeof *n->deps);
    if (!p)
      return -1;
    n->deps = p;
    n->dcap = cap;
  }
  n->deps[n->ndeps++] = d;
  return 0;
}

static int in_graph(cudaGraph_t g, cudaGraphNode_t n) {
  return n && n->graph == g;
}

/* Adds a node of type running *w (moved in: the node owns what w owned)
 * after deps; NULL when out of memory. */
static struct CUgraphNode_st *add_node(cudaGraph_t g, enum cudaGraphNodeType type,
                                       const Work *w,
                                       struct CUgraphNode_st *const *deps,
                                       size_t ndeps) {
  struct CUgraphNode_st *n = calloc(1, sizeof *n);
  if (!n)
    return NULL;
  if (g->count == g->cap) {
    size_t cap = g->cap ? g->cap * 2 : 16;
    void *p = realloc(g->nodes, cap * sizeof *g->nodes);
    if (!p) {
      free(n);
      return NULL;
    }
    g->nodes = p;
    g->cap = cap;
  }
  n->type = type;
  n->graph = g;
  n->work = *w;
  n->work.next = NULL;
  for (size_t i = 0; i < ndeps; i++)
    if (add_dep(n, deps[i]) != 0) {
      free(n->deps);
      free(n);
      return NULL;
    }
  g->nodes[g->count++] = n;
  return n;
}

static cudaError_t check_add(cudaGraphNode_t *out, cudaGraph_t g,
                             const cudaGraphNode_t *deps, size_t ndeps) {
  if (!out || !g || (ndeps && !deps))
    return cudaErrorInvalidValue;
  for (size_t i = 0; i < ndeps; i++)
    if (!in_graph(g, deps[i]))
      return cudaErrorInvalidValue;
  return cudaSuccess;
}

/* The common tail of the cudaGraphAdd*Node calls: w's content moves in. */
static cudaError_t finish_add(cudaGraphNode_t *out, cudaGraph_t g,
                              enum cudaGraphNodeType type, Work *w,
                              const cudaGraphNode_t *deps, size_t ndeps) {
  struct CUgraphNode_st *n = add_node(g, type, w, deps, ndeps);
  if (!n) {
    if (w->kind == WORK_KERNEL)
      free(w->u.kernel.params);
    return rt_return(cudaErrorMemoryAllocation);
  }
  *out = n;
  return cudaSuccess;
}

/* Kernel node parameters -> a packed launch. */
static cudaError_t kernel_work(const struct cudaKernelNodeParams *p, Work *out) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e != cudaSuccess)
    return e;
  if (!p || p->extra) /* the "extra" argument format is not supported */
    return cudaErrorInvalidValue;
  pthread_mutex_lock(&rt->lock);
  KernelEntry *ke = p->func ? registry_find_stub(&rt->reg, p->func) : NULL;
  const CuwaKernelDesc *desc = ke ? ke->desc : NULL;
  pthread_mutex_unlock(&rt->lock);
  if (!desc) /* CUDA 13 on an H200 answers a non-kernel here with 400 */
    return cudaErrorInvalidResourceHandle;
  Work *w = NULL;
  e = launch_prepare(rt, desc, p->gridDim, p->blockDim, p->sharedMemBytes,
                     p->kernelParams, rt_current(), &w);
  if (e != cudaSuccess)
    return e;
  *out = *w;
  out->u.kernel.func = p->func;
  free(w); /* the shell only: out owns the parameters */
  return cudaSuccess;
}

cudaError_t cudaGraphAddKernelNode(cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
                                   const cudaGraphNode_t *pDependencies,
                                   size_t numDependencies,
                                   const struct cudaKernelNodeParams *pNodeParams) {
  Work w;
  cudaError_t e = check_add(pGraphNode, graph, pDependencies, numDependencies);
  if (e == cudaSuccess)
    e = kernel_work(pNodeParams, &w);
  if (e != cudaSuccess)
    return rt_return(e);
  return finish_add(pGraphNode, graph, cudaGraphNodeTypeKernel, &w,
                    pDependencies, numDependencies);
}

static Work copy_1d(void *dst, const void *src, size_t count,
                    enum cudaMemcpyKind kind) {
  Work w = {.kind = WORK_COPY, .device = rt_current()};
  w.u.copy.dst = dst;
  w.u.copy.src = src;
  w.u.copy.width = count;
  w.u.copy.height = 1;
  w.u.copy.dpitch = w.u.copy.spitch = count;
  w.u.copy.kind = kind;
  return w;
}

static cudaError_t check_copy(void *dst, const void *src, size_t count,
                              enum cudaMemcpyKind kind) {
  if ((unsigned)kind > cudaMemcpyDefault)
    return cudaErrorInvalidMemcpyDirection;
  if (!dst || !src || !count)
    return cudaErrorInvalidValue;
  return cudaSuccess;
}

cudaError_t cudaGraphAddMemcpyNode1D(cudaGraphNode_t *pGraphNode,
                                     cudaGraph_t graph,
                                     const cudaGraphNode_t *pDependencies,
                                     size_t numDependencies, void *dst,
                                     const void *src, size_t count,
                                     enum cudaMemcpyKind kind) {
  cudaError_t e = check_add(pGraphNode, graph, pDependencies, numDependencies);
  if (e == cudaSuccess)
    e = check_copy(dst, src, count, kind);
  if (e != cudaSuccess)
    return rt_return(e);
  Work w = copy_1d(dst, src, count, kind);
  return finish_add(pGraphNode, graph, cudaGraphNodeTypeMemcpy, &w,
                    pDependencies, numDependencies);
}

/* Pitched 3D copies whose slices are evenly spaced rows (ysize equals
 * the height, as in every 1D and 2D use) become one 2D copy. */
static cudaError_t copy_3d(const struct cudaMemcpy3DParms *p, Work *out) {
  if (!p)
    return cudaErrorInvalidValue;
  if (p->srcArray || p->dstArray)
    return cudaErrorInvalidResourceHandle; /* no cudaArray yet */
  const struct cudaExtent x = p->extent;
  if (!x.width || !x.height || !x.depth)
    return cudaErrorInvalidValue;
  if (x.depth > 1 && (p->srcPtr.ysize != x.height || p->dstPtr.ysize != x.height ||
                      p->srcPos.y || p->dstPos.y))
    return cudaErrorNotSupported;
  size_t sp = p->srcPtr.pitch ? p->srcPtr.pitch : x.width;
  size_t dp = p->dstPtr.pitch ? p->dstPtr.pitch : x.width;
  const char *src = (const char *)p->srcPtr.ptr +
                    (p->srcPos.z * p->srcPtr.ysize + p->srcPos.y) * sp + p->srcPos.x;
  char *dst = (char *)p->dstPtr.ptr +
              (p->dstPos.z * p->dstPtr.ysize + p->dstPos.y) * dp + p->dstPos.x;
  cudaError_t e = check_copy(dst, src, x.width, p->kind);
  if (e != cudaSuccess)
    return e;
  *out = copy_1d(dst, src, x.width, p->kind);
  out->u.copy.height = x.height * x.depth;
  out->u.copy.dpitch = dp;
  out->u.copy.spitch = sp;
  return cudaSuccess;
}

cudaError_t cudaGraphAddMemcpyNode(cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
                                   const cudaGraphNode_t *pDependencies,
                                   size_t numDependencies,
                                   const struct cudaMemcpy3DParms *pCopyParams) {
  Work w;
  cudaError_t e = check_add(pGraphNode, graph, pDependencies, numDependencies);
  if (e == cudaSuccess)
    e = copy_3d(pCopyParams, &w);
  if (e != cudaSuccess)
    return rt_return(e);
  return finish_add(pGraphNode, graph, cudaGraphNodeTypeMemcpy, &w,
                    pDependencies, numDependencies);
}

static cudaError_t memset_work(const struct cudaMemsetParams *p, Work *out) {
  if (!p || !p->dst || !p->width || !p->height ||
      (p->elementSize != 1 && p->elementSize != 2 && p->elementSize != 4) ||
      (p->height > 1 && p->pitch < p->width * p->elementSize))
    return cudaErrorInvalidValue;
  Work w = {.kind = WORK_MEMSET, .device = rt_current()};
  w.u.memset.dst = p->dst;
  w.u.memset.pitch = p->pitch;
  w.u.memset.width = p->width;
  w.u.memset.height = p->height;
  w.u.memset.value = p->value;
  w.u.memset.elem = p->elementSize;
  *out = w;
  return cudaSuccess;
}

cudaError_t cudaGraphAddMemsetNode(cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
                                   const cudaGraphNode_t *pDependencies,
                                   size_t numDependencies,
                                   const struct cudaMemsetParams *pMemsetParams) {
  Work w;
  cudaError_t e = check_add(pGraphNode, graph, pDependencies, numDependencies);
  if (e == cudaSuccess)
    e = memset_work(pMemsetParams, &w);
  if (e != cudaSuccess)
    return rt_return(e);
  return finish_add(pGraphNode, graph, cudaGraphNodeTypeMemset, &w,
                    pDependencies, numDependencies);
}

cudaError_t cudaGraphAddHostNode(cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
                                 const cudaGraphNode_t *pDependencies,
                                 size_t numDependencies,
                                 const struct cudaHostNodeParams *pNodeParams) {
  cudaError_t e = check_add(pGraphNode, graph, pDependencies, numDependencies);
  if (e == cudaSuccess && (!pNodeParams || !pNodeParams->fn))
    e = cudaErrorInvalidValue;
  if (e != cudaSuccess)
    return rt_return(e);
  Work w = {.kind = WORK_HOST_FN, .device = rt_current()};
  w.u.host.fn = pNodeParams->fn;
  w.u.host.data = pNodeParams->userData;
  return finish_add(pGraphNode, graph, cudaGraphNodeTypeHost, &w,
                    pDependencies, numDependencies);
}

cudaError_t cudaGraphAddEmptyNode(cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
                                  const cudaGraphNode_t *pDependencies,
                                  size_t numDependencies) {
  cudaError_t e = check_add(pGraphNode, graph, pDependencies, numDependencies);
  if (e != cudaSuccess)
    return rt_return(e);
  Work w = {.kind = WORK_EMPTY, .device = rt_current()};
  return finish_add(pGraphNode, graph, cudaGraphNodeTypeEmpty, &w,
                    pDependencies, numDependencies);
}

static cudaError_t add_event_node(cudaGraphNode_t *out, cudaGraph_t graph,
                                  const cudaGraphNode_t *deps, size_t ndeps,
                                  cudaEvent_t event, WorkKind kind,
                                  enum cudaGraphNodeType type) {
  cudaError_t e = check_add(out, graph, deps, ndeps);
  if (e == cudaSuccess && !event)
    e = cudaErrorInvalidResourceHandle;
  if (e != cudaSuccess)
    return rt_return(e);
  Work w = {.kind = kind, .device = rt_current()};
  w.u.event.event = event;
  return finish_add(out, graph, type, &w, deps, ndeps);
}

cudaError_t cudaGraphAddEventRecordNode(cudaGraphNode_t *pGraphNode,
                                        cudaGraph_t graph,
                                        const cudaGraphNode_t *pDependencies,
                                        size_t numDependencies,
                                        cudaEvent_t event) {
  return add_event_node(pGraphNode, graph, pDependencies, numDependencies,
                        event, WORK_EVENT_RECORD, cudaGraphNodeTypeEventRecord);
}

cudaError_t cudaGraphAddEventWaitNode(cudaGraphNode_t *pGraphNode,
                                      cudaGraph_t graph,
                                      const cudaGraphNode_t *pDependencies,
                                      size_t numDependencies, cudaEvent_t event) {
  return add_event_node(pGraphNode, graph, pDependencies, numDependencies,
                        event, WORK_EVENT_WAIT, cudaGraphNodeTypeWaitEvent);
}

/* A deep copy of g; map[i] receives the copy of g->nodes[i]. */
static cudaGraph_t clone_graph(cudaGraph_t g) {
  cudaGraph_t c = calloc(1, sizeof *c);
  struct CUgraphNode_st **map = calloc(g->count + 1, sizeof *map);
  int failed = !c || !map;
  for (size_t i = 0; !failed && i < g->count; i++) {
    struct CUgraphNode_st *n = g->nodes[i];
    Work w;
    if (copy_work(&w, &n->work) != 0 ||
        !(map[i] = add_node(c, n->type, &w, NULL, 0))) {
      if (n->work.kind == WORK_KERNEL && w.u.kernel.params != n->work.u.kernel.params)
        free(w.u.kernel.params);
      failed = 1;
      break;
    }
    if (n->child && !(map[i]->child = clone_graph(n->child)))
      failed = 1;
    for (size_t d = 0; !failed && d < n->ndeps; d++) {
      size_t j = 0;
      while (g->nodes[j] != n->deps[d])
        j++;
      failed = add_dep(map[i], map[j]) != 0;
    }
  }
  free(map);
  if (failed && c) {
    cudaGraphDestroy(c);
    c = NULL;
  }
  return c;
}

cudaError_t cudaGraphClone(cudaGraph_t *pGraphClone, cudaGraph_t originalGraph) {
  if (!pGraphClone || !originalGraph)
    return rt_return(cudaErrorInvalidValue);
  *pGraphClone = clone_graph(originalGraph);
  return *pGraphClone ? cudaSuccess : rt_return(cudaErrorMemoryAllocation);
}

cudaError_t cudaGraphAddChildGraphNode(cudaGraphNode_t *pGraphNode,
                                       cudaGraph_t graph,
                                       const cudaGraphNode_t *pDependencies,
                                       size_t numDependencies,
                                       cudaGraph_t childGraph) {
  cudaError_t e = check_add(pGraphNode, graph, pDependencies, numDependencies);
  if (e == cudaSuccess && (!childGraph || childGraph == graph))
    e = cudaErrorInvalidValue;
  if (e != cudaSuccess)
    return rt_return(e);
  cudaGraph_t copy = clone_graph(childGraph); /* CUDA embeds a clone */
  if (!copy)
    return rt_return(cudaErrorMemoryAllocation);
  Work w = {.kind = WORK_EMPTY, .device = rt_current()};
  e = finish_add(pGraphNode, graph, cudaGraphNodeTypeGraph, &w, pDependencies,
                 numDependencies);
  if (e == cudaSuccess)
    (*pGraphNode)->child = copy;
  else
    cudaGraphDestroy(copy);
  return e;
}

cudaError_t cudaGraphAddDependencies(cudaGraph_t graph, const cudaGraphNode_t *from,
                                     const cudaGraphNode_t *to,
                                     const cudaGraphEdgeData *edgeData,
                                     size_t numDependencies) {
  if (!graph || (numDependencies && (!from || !to)))
    return rt_return(cudaErrorInvalidValue);
  for (size_t i = 0; i < numDependencies; i++) {
    if (!in_graph(graph, from[i]) || !in_graph(graph, to[i]) || from[i] == to[i])
      return rt_return(cudaErrorInvalidValue);
    if (edgeData && edgeData[i].type != cudaGraphDependencyTypeDefault)
      return rt_return(cudaErrorNotSupported);
  }
  for (size_t i = 0; i < numDependencies; i++)
    if (add_dep(to[i], from[i]) != 0)
      return rt_return(cudaErrorMemoryAllocation);
  return cudaSuccess;
}

/* ---- queries ------------------------------------------------------------------- */

/* Fills up to *n entries (NULL after the last), sets *n to what it gave;
 * with out NULL, *n is the total. */
static cudaError_t list_nodes(cudaGraph_t g, cudaGraphNode_t *out, size_t *n,
                              int roots_only) {
  if (!g || !n)
    return rt_return(cudaErrorInvalidValue);
  size_t total = 0;
  for (size_t i = 0; i < g->count; i++) {
    if (roots_only && g->nodes[i]->ndeps)
      continue;
    if (out && total < *n)
      out[total] = g->nodes[i];
    total++;
  }
  if (out) {
    for (size_t i = total; i < *n; i++)
      out[i] = NULL;
    if (total > *n)
      total = *n;
  }
  *n = total;
  return cudaSuccess;
}

cudaError_t cudaGraphGetNodes(cudaGraph_t graph, cudaGraphNode_t *nodes,
                              size_t *numNodes) {
  return list_nodes(graph, nodes, numNodes, 0);
}

cudaError_t cudaGraphGetRootNodes(cudaGraph_t graph, cudaGraphNode_t *pRootNodes,
                                  size_t *pNumRootNodes) {
  return list_nodes(graph, pRootNodes, pNumRootNodes, 1);
}

cudaError_t cudaGraphGetEdges(cudaGraph_t graph, cudaGraphNode_t *from,
                              cudaGraphNode_t *to, cudaGraphEdgeData *edgeData,
                              size_t *numEdges) {
  if (!graph || !numEdges || (!from) != (!to))
    return rt_return(cudaErrorInvalidValue);
  size_t total = 0;
  for (size_t i = 0; i < graph->count; i++)
    for (size_t d = 0; d < graph->nodes[i]->ndeps; d++, total++)
      if (from && total < *numEdges) {
        from[total] = graph->nodes[i]->deps[d];
        to[total] = graph->nodes[i];
        if (edgeData)
          memset(&edgeData[total], 0, sizeof *edgeData);
      }
  if (from) {
    for (size_t i = total; i < *numEdges; i++)
      from[i] = to[i] = NULL;
    if (total > *numEdges)
      total = *numEdges;
  }
  *numEdges = total;
  return cudaSuccess;
}

cudaError_t cudaGraphNodeGetType(cudaGraphNode_t node,
                                 enum cudaGraphNodeType *pType) {
  if (!node || !pType)
    return rt_return(cudaErrorInvalidValue);
  *pType = node->type;
  return cudaSuccess;
}

cudaError_t cudaGraphNodeGetDependencies(cudaGraphNode_t node,
                                         cudaGraphNode_t *pDependencies,
                                         cudaGraphEdgeData *edgeData,
                                         size_t *pNumDependencies) {
  if (!node || !pNumDependencies)
    return rt_return(cudaErrorInvalidValue);
  if (!pDependencies) {
    *pNumDependencies = node->ndeps;
    return cudaSuccess;
  }
  size_t n = 0;
  for (; n < *pNumDependencies; n++) {
    pDependencies[n] = n < node->ndeps ? node->deps[n] : NULL;
    if (edgeData)
      memset(&edgeData[n], 0, sizeof *edgeData);
  }
  *pNumDependencies = n < node->ndeps ? n : node->ndeps;
  return cudaSuccess;
}

cudaError_t cudaGraphKernelNodeGetParams(cudaGraphNode_t node,
                                         struct cudaKernelNodeParams *p) {
  if (!node || !p || node->type != cudaGraphNodeTypeKernel)
    return rt_return(cudaErrorInvalidValue);
  memset(p, 0, sizeof *p);
  p->func = (void *)node->work.u.kernel.func;
  p->gridDim = (dim3){node->work.u.kernel.grid.x, node->work.u.kernel.grid.y,
                      node->work.u.kernel.grid.z};
  p->blockDim = (dim3){node->work.u.kernel.block.x, node->work.u.kernel.block.y,
                       node->work.u.kernel.block.z};
  p->sharedMemBytes = (unsigned)node->work.u.kernel.shared;
  return cudaSuccess; /* kernelParams: the packed copy has no pointer array */
}

/* Replaces a node's work with w (a kernel's old parameters are freed). */
static void replace_work(Work *dst, Work *w) {
  if (dst->kind == WORK_KERNEL)
    free(dst->u.kernel.params);
  *dst = *w;
}

cudaError_t cudaGraphKernelNodeSetParams(cudaGraphNode_t node,
                                         const struct cudaKernelNodeParams *p) {
  Work w;
  if (!node || node->type != cudaGraphNodeTypeKernel)
    return rt_return(cudaErrorInvalidValue);
  cudaError_t e = kernel_work(p, &w);
  if (e == cudaSuccess)
    replace_work(&node->work, &w);
  return rt_return(e);
}

cudaError_t cudaGraphMemsetNodeSetParams(cudaGraphNode_t node,
                                         const struct cudaMemsetParams *p) {
  Work w;
  if (!node || node->type != cudaGraphNodeTypeMemset)
    return rt_return(cudaErrorInvalidValue);
  cudaError_t e = memset_work(p, &w);
  if (e == cudaSuccess)
    replace_work(&node->work, &w);
  return rt_return(e);
}

cudaError_t cudaGraphHostNodeSetParams(cudaGraphNode_t node,
                                       const struct cudaHostNodeParams *p) {
  if (!node || node->type != cudaGraphNodeTypeHost || !p || !p->fn)
    return rt_return(cudaErrorInvalidValue);
  node->work.u.host.fn = p->fn;
  node->work.u.host.data = p->userData;
  return cudaSuccess;
}

/* ---- instantiation and launch ------------------------------------------------- */

static void free_exec(cudaGraphExec_t x) {
  if (!x)
    return;
  for (size_t i = 0; i < x->count; i++) {
    if (x->nodes[i].work.kind == WORK_KERNEL)
      free(x->nodes[i].work.u.kernel.params);
    free_exec(x->nodes[i].child);
  }
  free(x->nodes);
  free(x);
}

/* Kahn's algorithm: order[] gets node indices, dependencies first. */
static int topo_order(cudaGraph_t g, size_t *order) {
  size_t *missing = calloc(g->count + 1, sizeof *missing), n = 0;
  if (!missing)
    return -1;
  for (size_t i = 0; i < g->count; i++)
    missing[i] = g->nodes[i]->ndeps;
  for (int progress = 1; progress && n < g->count;) {
    progress = 0;
    for (size_t i = 0; i < g->count; i++) {
      if (missing[i] != 0)
        continue;
      missing[i] = (size_t)-1; /* placed */
      order[n++] = i;
      progress = 1;
      for (size_t j = 0; j < g->count; j++)
        for (size_t d = 0; d < g->nodes[j]->ndeps; d++)
          if (g->nodes[j]->deps[d] == g->nodes[i])
            missing[j]--;
    }
  }
  free(missing);
  return n == g->count ? 0 : -1; /* a cycle */
}

/* The level of g->nodes[i], given the levels of those placed before it
 * in topological order (order[0..placed)). */
static int node_level(cudaGraph_t g, const size_t *order, size_t placed,
                      const int *levels, struct CUgraphNode_st *n) {
  int level = 0;
  for (size_t d = 0; d < n->ndeps; d++)
    for (size_t k = 0; k < placed; k++)
      if (g->nodes[order[k]] == n->deps[d] && levels[k] + 1 > level)
        level = levels[k] + 1;
  return level;
}

static int by_level(const void *a, const void *b) {
  const ExecNode *x = a, *y = b;
  return (x->level > y->level) - (x->level < y->level);
}

static cudaError_t instantiate(cudaGraph_t g, cudaGraphExec_t *out) {
  cudaGraphExec_t x = calloc(1, sizeof *x);
  size_t *order = calloc(g->count + 1, sizeof *order);
  if (x)
    x->nodes = calloc(g->count + 1, sizeof *x->nodes);
  if (!x || !order || !x->nodes) {
    free(order);
    free_exec(x);
    return cudaErrorMemoryAllocation;
  }
  int *levels = calloc(g->count + 1, sizeof *levels);
  cudaError_t e = !levels ? cudaErrorMemoryAllocation
                  : topo_order(g, order) ? cudaErrorInvalidValue : cudaSuccess;
  for (size_t i = 0; e == cudaSuccess && i < g->count; i++) {
    struct CUgraphNode_st *n = g->nodes[order[i]];
    ExecNode *en = &x->nodes[x->count];
    if (copy_work(&en->work, &n->work) != 0) {
      e = cudaErrorMemoryAllocation;
      break;
    }
    en->origin = n;
    en->ndeps = (int)n->ndeps;
    en->type = n->type;
    en->level = levels[i] = node_level(g, order, i, levels, n);
    x->count++;
    if (n->child)
      e = instantiate(n->child, &en->child);
  }
  if (e == cudaSuccess) /* stable enough: equal levels are independent */
    qsort(x->nodes, x->count, sizeof *x->nodes, by_level);
  free(levels);
  free(order);
  if (e != cudaSuccess) {
    free_exec(x);
    return e;
  }
  *out = x;
  return cudaSuccess;
}

cudaError_t cudaGraphInstantiateWithFlags(cudaGraphExec_t *pGraphExec,
                                          cudaGraph_t graph,
                                          unsigned long long flags) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && (!pGraphExec || !graph ||
                           (flags & ~(unsigned long long)(cudaGraphInstantiateFlagAutoFreeOnLaunch |
                                                          cudaGraphInstantiateFlagUpload |
                                                          cudaGraphInstantiateFlagUseNodePriority))))
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess)
    e = instantiate(graph, pGraphExec);
  return rt_return(e);
}

cudaError_t cudaGraphInstantiate(cudaGraphExec_t *pGraphExec, cudaGraph_t graph,
                                 unsigned long long flags) {
  return cudaGraphInstantiateWithFlags(pGraphExec, graph, flags);
}

/* Launches of it still queued run first (CUDA lets them complete). */
cudaError_t cudaGraphExecDestroy(cudaGraphExec_t graphExec) {
  if (!graphExec)
    return rt_return(cudaErrorInvalidValue);
  stream_wait_device(rt_global(), -1, 0);
  free_exec(graphExec);
  return cudaSuccess;
}

/* Graph event nodes record and wait as stream work does, without the
 * reference counting (the event must outlive the graph's launches). */
static void exec_event(Runtime *rt, ExecNode *n) {
  struct CUevent_st *ev = n->work.u.event.event;
  pthread_mutex_lock(&rt->work_lock);
  if (n->type == cudaGraphNodeTypeEventRecord) {
    ev->done = ++ev->gen;
    ev->time_ms = rt_now_ms();
    pthread_cond_broadcast(&rt->work_done);
  } else {
    unsigned long long gen = ev->gen;
    while (ev->done < gen)
      pthread_cond_wait(&rt->work_done, &rt->work_lock);
  }
  pthread_mutex_unlock(&rt->work_lock);
}

static cudaError_t run_node(Runtime *rt, ExecNode *n) {
  if (n->child)
    return graph_exec_run(rt, n->child);
  if (n->type == cudaGraphNodeTypeEventRecord ||
      n->type == cudaGraphNodeTypeWaitEvent) {
    exec_event(rt, n);
    return cudaSuccess;
  }
  return work_run(rt, &n->work);
}

typedef struct NodeThread {
  Runtime *rt;
  ExecNode *node;
  int device;                   /* the launching thread's current device */
  cudaError_t result;
} NodeThread;

static void *node_thread_main(void *arg) {
  NodeThread *t = arg;
  rt_set_current(t->device);
  t->result = run_node(t->rt, t->node);
  return NULL;
}

/* Nodes [begin, end) share a level: all but the first on threads of their
 * own (on the calling thread too when a thread cannot be made). */
static cudaError_t run_level(Runtime *rt, ExecNode *nodes, size_t count) {
  if (count == 1)
    return run_node(rt, &nodes[0]);
  NodeThread *ts = calloc(count, sizeof *ts);
  pthread_t *ids = calloc(count, sizeof *ids);
  char *started = calloc(count, 1);
  cudaError_t first = cudaSuccess;
  for (size_t i = 1; ts && ids && started && i < count; i++) {
    ts[i] = (NodeThread){rt, &nodes[i], rt_current(), cudaSuccess};
    started[i] = pthread_create(&ids[i], NULL, node_thread_main, &ts[i]) == 0;
  }
  first = run_node(rt, &nodes[0]);
  for (size_t i = 1; i < count; i++) {
    cudaError_t e;
    if (started && started[i]) {
      pthread_join(ids[i], NULL);
      e = ts[i].result;
    } else {
      e = run_node(rt, &nodes[i]);
    }
    if (first == cudaSuccess)
      first = e;
  }
  free(ts);
  free(ids);
  free(started);
  return first;
}

cudaError_t graph_exec_run(Runtime *rt, struct CUgraphExec_st *x) {
  cudaError_t first = cudaSuccess;
  for (size_t i = 0; i < x->count;) {
    size_t j = i + 1;
    while (j < x->count && x->nodes[j].level == x->nodes[i].level)
      j++;
    cudaError_t e = run_level(rt, &x->nodes[i], j - i);
    if (first == cudaSuccess)
      first = e;
    i = j;
  }
  return first;
}

cudaError_t cudaGraphLaunch(cudaGraphExec_t graphExec, cudaStream_t stream) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && !graphExec)
    e = cudaErrorInvalidValue;
  if (e != cudaSuccess)
    return rt_return(e);
  Work *w = work_new(WORK_GRAPH, rt_current());
  if (!w)
    return rt_return(cudaErrorMemoryAllocation);
  w->u.graph.exec = graphExec;
  return rt_return(stream_submit(rt, stream, w));
}

cudaError_t cudaGraphUpload(cudaGraphExec_t graphExec, cudaStream_t stream) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && !graphExec)
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess && !stream_is_valid(rt, stream))
    e = cudaErrorInvalidResourceHandle;
  return rt_return(e); /* nothing to upload: the graph is ready */
}

static ExecNode *exec_find(cudaGraphExec_t x, cudaGraphNode_t node) {
  for (size_t i = 0; x && node && i < x->count; i++)
    if (x->nodes[i].origin == node)
      return &x->nodes[i];
  return NULL;
}

cudaError_t cudaGraphExecKernelNodeSetParams(cudaGraphExec_t hGraphExec,
                                             cudaGraphNode_t node,
                                             const struct cudaKernelNodeParams *p) {
  ExecNode *n = exec_find(hGraphExec, node);
  Work w;
  if (!n || n->type != cudaGraphNodeTypeKernel)
    return rt_return(cudaErrorInvalidValue);
  cudaError_t e = kernel_work(p, &w);
  if (e == cudaSuccess)
    replace_work(&n->work, &w);
  return rt_return(e);
}

cudaError_t cudaGraphExecMemcpyNodeSetParams1D(cudaGraphExec_t hGraphExec,
                                               cudaGraphNode_t node, void *dst,
                                               const void *src, size_t count,
                                               enum cudaMemcpyKind kind) {
  ExecNode *n = exec_find(hGraphExec, node);
  if (!n || n->type != cudaGraphNodeTypeMemcpy)
    return rt_return(cudaErrorInvalidValue);
  cudaError_t e = check_copy(dst, src, count, kind);
  if (e == cudaSuccess)
    n->work = copy_1d(dst, src, count, kind);
  return rt_return(e);
}

cudaError_t cudaGraphExecMemsetNodeSetParams(cudaGraphExec_t hGraphExec,
                                             cudaGraphNode_t node,
                                             const struct cudaMemsetParams *p) {
  ExecNode *n = exec_find(hGraphExec, node);
  Work w;
  if (!n || n->type != cudaGraphNodeTypeMemset)
    return rt_return(cudaErrorInvalidValue);
  cudaError_t e = memset_work(p, &w);
  if (e == cudaSuccess)
    n->work = w;
  return rt_return(e);
}

cudaError_t cudaGraphExecHostNodeSetParams(cudaGraphExec_t hGraphExec,
                                           cudaGraphNode_t node,
                                           const struct cudaHostNodeParams *p) {
  ExecNode *n = exec_find(hGraphExec, node);
  if (!n || n->type != cudaGraphNodeTypeHost || !p || !p->fn)
    return rt_return(cudaErrorInvalidValue);
  n->work.u.host.fn = p->fn;
  n->work.u.host.data = p->userData;
  return cudaSuccess;
}

/* Same topology (node count, types, dependency counts, in order): the
 * parameters of hGraph's nodes replace the instantiated ones. */
cudaError_t cudaGraphExecUpdate(cudaGraphExec_t hGraphExec, cudaGraph_t hGraph,
                                cudaGraphExecUpdateResultInfo *resultInfo) {
  if (!hGraphExec || !hGraph)
    return rt_return(cudaErrorInvalidValue);
  cudaGraphExec_t fresh = NULL;
  enum cudaGraphExecUpdateResult r = cudaGraphExecUpdateSuccess;
  cudaGraphNode_t bad = NULL;
  cudaError_t e = instantiate(hGraph, &fresh);
  if (e != cudaSuccess)
    return rt_return(e);
  if (fresh->count != hGraphExec->count)
    r = cudaGraphExecUpdateErrorTopologyChanged;
  for (size_t i = 0; r == cudaGraphExecUpdateSuccess && i < fresh->count; i++) {
    ExecNode *a = &hGraphExec->nodes[i], *b = &fresh->nodes[i];
    if (a->type != b->type) {
      r = cudaGraphExecUpdateErrorNodeTypeChanged;
      bad = b->origin;
    } else if (a->ndeps != b->ndeps) {
      r = cudaGraphExecUpdateErrorTopologyChanged;
      bad = b->origin;
    }
  }
  if (resultInfo) {
    resultInfo->result = r;
    resultInfo->errorNode = bad;
    resultInfo->errorFromNode = NULL;
  }
  if (r != cudaGraphExecUpdateSuccess) {
    free_exec(fresh);
    return rt_return(cudaErrorGraphExecUpdateFailure);
  }
  for (size_t i = 0; i < fresh->count; i++) { /* swap the contents */
    ExecNode tmp = hGraphExec->nodes[i];
    hGraphExec->nodes[i] = fresh->nodes[i];
    fresh->nodes[i] = tmp;
  }
  free_exec(fresh);
  return cudaSuccess;
}

/* ---- stream capture ---------------------------------------------------------- */

cudaError_t cudaThreadExchangeStreamCaptureMode(enum cudaStreamCaptureMode *mode) {
  if (!mode || (unsigned)*mode > cudaStreamCaptureModeRelaxed)
    return rt_return(cudaErrorInvalidValue);
  enum cudaStreamCaptureMode old = tls_capture_mode;
  tls_capture_mode = *mode;
  *mode = old;
  return cudaSuccess;
}

/* Under rt->lock: s's capture point becomes exactly node. */
static int set_deps(struct CUstream_st *s, struct CUgraphNode_st *const *deps,
                    size_t n) {
  if (n > s->cap_cap) {
    void *p = realloc(s->cap_deps, n * sizeof *s->cap_deps);
    if (!p)
      return -1;
    s->cap_deps = p;
    s->cap_cap = n;
  }
  if (n)
    memmove(s->cap_deps, deps, n * sizeof *deps);
  s->cap_ndeps = n;
  return 0;
}

cudaError_t cudaStreamBeginCapture(cudaStream_t stream,
                                   enum cudaStreamCaptureMode mode) {
  Runtime *rt;
  int bad;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && (unsigned)mode > cudaStreamCaptureModeRelaxed)
    e = cudaErrorInvalidValue;
  struct CUstream_st *s = e == cudaSuccess ? stream_resolve(rt, stream, &bad) : NULL;
  if (e == cudaSuccess && bad)
    e = cudaErrorInvalidResourceHandle;
  if (e == cudaSuccess && !s)
    e = cudaErrorStreamCaptureUnsupported; /* not the legacy stream */
  if (e != cudaSuccess)
    return rt_return(e);
  struct Capture *c = calloc(1, sizeof *c);
  if (c && cudaGraphCreate(&c->graph, 0) != cudaSuccess) {
    free(c);
    c = NULL;
  }
  if (!c)
    return rt_return(cudaErrorMemoryAllocation);
  c->mode = mode;
  c->origin = s;
  c->id = ++capture_ids;
  c->blocks_legacy = !(s->flags & cudaStreamNonBlocking) &&
                     mode != cudaStreamCaptureModeRelaxed;
  pthread_mutex_lock(&rt->lock);
  if (s->capture) {
    e = cudaErrorIllegalState;
  } else {
    s->capture = c;
    s->cap_ndeps = 0;
    if (c->blocks_legacy)
      atomic_fetch_add(&rt->legacy_blockers, 1);
  }
  pthread_mutex_unlock(&rt->lock);
  if (e != cudaSuccess) {
    cudaGraphDestroy(c->graph);
    free(c);
  }
  return rt_return(e);
}

cudaError_t cudaStreamEndCapture(cudaStream_t stream, cudaGraph_t *pGraph) {
  Runtime *rt;
  int bad;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && !pGraph)
    e = cudaErrorInvalidValue;
  struct CUstream_st *s = e == cudaSuccess ? stream_resolve(rt, stream, &bad) : NULL;
  if (e == cudaSuccess && (bad || !s))
    e = bad ? cudaErrorInvalidResourceHandle : cudaErrorIllegalState;
  if (e != cudaSuccess)
    return rt_return(e);
  pthread_mutex_lock(&rt->lock);
  struct Capture *c = s->capture;
  if (!c) {
    e = cudaErrorIllegalState;
  } else if (c->origin != s) {
    e = cudaErrorStreamCaptureUnmatched;
  } else { /* every stream in this capture leaves it */
    for (struct CUstream_st *it = rt->streams; it; it = it->next)
      if (it->capture == c) {
        it->capture = NULL;
        it->cap_ndeps = 0;
      }
    for (struct CUevent_st *ev = rt->events; ev; ev = ev->next)
      if (ev->capture == c)
        ev->capture = NULL;
    if (c->blocks_legacy)
      atomic_fetch_sub(&rt->legacy_blockers, 1);
  }
  pthread_mutex_unlock(&rt->lock);
  if (e != cudaSuccess)
    return rt_return(e);
  if (c->invalidated) {
    cudaGraphDestroy(c->graph);
    *pGraph = NULL;
    e = cudaErrorStreamCaptureInvalidated;
  } else {
    *pGraph = c->graph;
  }
  free(c);
  return rt_return(e);
}

static enum cudaStreamCaptureStatus capture_status(struct CUstream_st *s) {
  if (!s || !s->capture)
    return cudaStreamCaptureStatusNone;
  return s->capture->invalidated ? cudaStreamCaptureStatusInvalidated
                                 : cudaStreamCaptureStatusActive;
}

cudaError_t cudaStreamIsCapturing(cudaStream_t stream,
                                  enum cudaStreamCaptureStatus *pCaptureStatus) {
  return cudaStreamGetCaptureInfo(stream, pCaptureStatus, NULL, NULL, NULL,
                                  NULL, NULL);
}

cudaError_t cudaStreamGetCaptureInfo(cudaStream_t stream,
                                     enum cudaStreamCaptureStatus *status,
                                     unsigned long long *id, cudaGraph_t *graph,
                                     const cudaGraphNode_t **deps,
                                     const cudaGraphEdgeData **edges,
                                     size_t *ndeps) {
  Runtime *rt;
  int bad;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && !status)
    e = cudaErrorInvalidValue;
  struct CUstream_st *s = e == cudaSuccess ? stream_resolve(rt, stream, &bad) : NULL;
  if (e == cudaSuccess && bad)
    e = cudaErrorInvalidResourceHandle;
  if (e != cudaSuccess)
    return rt_return(e);
  if (!s && graph_capture_blocks_legacy(rt))
    return rt_return(cudaErrorStreamCaptureImplicit);
  pthread_mutex_lock(&rt->lock);
  *status = capture_status(s);
  int active = *status != cudaStreamCaptureStatusNone;
  if (id)
    *id = active ? s->capture->id : 0;
  if (graph)
    *graph = active ? s->capture->graph : NULL;
  if (deps)
    *deps = active ? (const cudaGraphNode_t *)s->cap_deps : NULL;
  if (edges)
    *edges = NULL; /* all edges are default ones */
  if (ndeps)
    *ndeps = active ? s->cap_ndeps : 0;
  pthread_mutex_unlock(&rt->lock);
  return cudaSuccess;
}

static enum cudaGraphNodeType node_type(WorkKind k) {
  switch (k) {
  case WORK_KERNEL: return cudaGraphNodeTypeKernel;
  case WORK_COPY: return cudaGraphNodeTypeMemcpy;
  case WORK_MEMSET: return cudaGraphNodeTypeMemset;
  case WORK_HOST_FN: return cudaGraphNodeTypeHost;
  case WORK_EVENT_RECORD: return cudaGraphNodeTypeEventRecord;
  case WORK_EVENT_WAIT: return cudaGraphNodeTypeWaitEvent;
  case WORK_EMPTY: return cudaGraphNodeTypeEmpty;
  case WORK_CALLBACK:
  case WORK_GRAPH:
  default: return cudaGraphNodeTypeCount; /* not capturable here */
  }
}

cudaError_t graph_capture_add(Runtime *rt, struct CUstream_st *s, Work *w) {
  enum cudaGraphNodeType type = node_type(w->kind);
  cudaError_t e = cudaSuccess;
  pthread_mutex_lock(&rt->lock);
  struct Capture *c = s->capture;
  if (!c || c->invalidated) {
    e = cudaErrorStreamCaptureInvalidated;
  } else if (type == cudaGraphNodeTypeCount) {
    c->invalidated = 1; /* a callback, or a graph launched into a capture */
    e = cudaErrorStreamCaptureUnsupported;
  } else {
    struct CUgraphNode_st *n = add_node(c->graph, type, w, s->cap_deps, s->cap_ndeps);
    if (!n || set_deps(s, &n, 1) != 0) {
      c->invalidated = 1;
      e = cudaErrorMemoryAllocation;
    } else {
      if (w->kind == WORK_EVENT_RECORD || w->kind == WORK_EVENT_WAIT) {
        pthread_mutex_lock(&rt->work_lock); /* nodes hold no reference */
        event_release_locked(rt, w->u.event.event);
        pthread_mutex_unlock(&rt->work_lock);
      }
      w->kind = WORK_EMPTY; /* the node owns the parameters now */
    }
  }
  pthread_mutex_unlock(&rt->lock);
  work_free(w);
  return e;
}

void graph_capture_invalidate_locked(struct CUstream_st *s) {
  if (s && s->capture)
    s->capture->invalidated = 1;
}

int graph_capture_record_locked(Runtime *rt, struct CUstream_st *s,
                                struct CUevent_st *ev) {
  if (!s || !s->capture)
    return 0;
  void *p = s->cap_ndeps ? malloc(s->cap_ndeps * sizeof *s->cap_deps) : NULL;
  if (s->cap_ndeps && !p) {
    s->capture->invalidated = 1;
    return 1;
  }
  free(ev->cap_deps);
  ev->cap_deps = p;
  if (p)
    memcpy(p, s->cap_deps, s->cap_ndeps * sizeof *s->cap_deps);
  ev->cap_ndeps = s->cap_ndeps;
  ev->capture = s->capture;
  return 1;
}

int graph_capture_join_locked(Runtime *rt, struct CUstream_st *s,
                              struct CUevent_st *ev) {
  if (!ev->capture)
    return 0;
  if (!s)
    return -1;
  if (s->capture && s->capture != ev->capture)
    return -1; /* would merge two captures */
  if (!s->capture) { /* s joins: its work now follows the event's point */
    s->capture = ev->capture;
    if (set_deps(s, ev->cap_deps, ev->cap_ndeps) != 0)
      ev->capture->invalidated = 1;
    return 1;
  }
  for (size_t i = 0; i < ev->cap_ndeps; i++) { /* union of both points */
    size_t j = 0;
    while (j < s->cap_ndeps && s->cap_deps[j] != ev->cap_deps[i])
      j++;
    if (j < s->cap_ndeps)
      continue;
    struct CUgraphNode_st **grown = malloc((s->cap_ndeps + 1) * sizeof *grown);
    if (!grown) {
      ev->capture->invalidated = 1;
      return 1;
    }
    memcpy(grown, s->cap_deps, s->cap_ndeps * sizeof *grown);
    grown[s->cap_ndeps] = ev->cap_deps[i];
    if (set_deps(s, grown, s->cap_ndeps + 1) != 0)
      ev->capture->invalidated = 1;
    free(grown);
  }
  return 1;
}

int graph_capture_blocks_legacy(Runtime *rt) {
  return atomic_load_explicit(&rt->legacy_blockers, memory_order_relaxed) > 0;
}
