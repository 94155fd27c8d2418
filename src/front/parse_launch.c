/* parse_launch.c: a kernel launch in device code, k<<<g, b, shmem,
 * stream>>>(args) (dynamic parallelism, CUDA 12+ semantics; see
 * docs/dynamic-parallelism.md). Builds an ND_CALL of the __global__
 * function with the configuration in cond/then/els/inc (ast.h). It does
 * not decide which devices can run it (the back ends' checks do); host
 * code's launches are the driver's (src/driver/host_rewrite.c). */
#include "parse_internal.h"

#include <string.h>

/* "<<<" expr ("," expr)* ">>>" ; the "<<<" is current. At most 4 kept. */
NodeVec parse_launch_config(Parser *p) {
  NodeVec cfg = {0};
  Loc open = tok(p)->loc;
  next(p);
  while (!at(p, TK_LAUNCH_CLOSE) && !at(p, TK_EOF) && !at(p, TK_SEMI)) {
    int before = p->pos;
    vec_push(p->arena, &cfg, parse_assign(p));
    if (p->pos == before || !accept(p, TK_COMMA)) break;
  }
  if (!accept(p, TK_LAUNCH_CLOSE)) {
    diag_error(p->diag, open, "expected '>>>' to close the launch configuration");
    vec_push(p->arena, &cfg, err_node(p, open));
  }
  return cfg;
}

/* A grid or block dimension: a number (x; y = z = 1) or a dim3 value;
 * lowering takes a dim3 apart (lower_launch.c). */
static Node *launch_dim(Parser *p, Node *e, const char *what) {
  e = rvalue(p, e);
  if (is_err(p, e)) return e;
  Type *t = type_unqual(e->ty);
  if (t->kind == TY_STRUCT && t->name && strcmp(t->name, "dim3") == 0) return e;
  if (type_is_arith(t)) return new_cast(p, e, ty_uint);  /* dim3(unsigned): floats convert */
  diag_error(p->diag, e->loc, "the %s of a launch must be an integer or a dim3, not '%s'", what,
             type_name(p->arena, e->ty));
  return err_node(p, e->loc);
}

/* The stream: a cudaStream_t (a pointer) or 0, carried as its bits. */
static Node *launch_stream(Parser *p, Node *e) {
  e = rvalue(p, e);
  if (is_err(p, e)) return e;
  Type *t = type_unqual(e->ty);
  if (t->kind == TY_PTR || is_null_const(e) || type_is_integer(t)) return new_cast(p, e, ty_ullong);
  diag_error(p->diag, e->loc, "the stream of a launch must be a cudaStream_t, not '%s'",
             type_name(p->arena, e->ty));
  return err_node(p, e->loc);
}

/* fn<<<cfg>>>(args) with cfg and args parsed: the launch node. */
Node *device_launch(Parser *p, Obj *fn, NodeVec *cfg, NodeVec *argv, Loc loc) {
  if (cfg->len < 2 || cfg->len > 4) {
    diag_error(p->diag, loc, "a launch configuration takes 2 to 4 arguments (grid, block, shared "
               "memory, stream), not %d", cfg->len);
    return err_node(p, loc);
  }
  for (int i = 0; i < cfg->len; i++)
    if (is_err(p, cfg->data[i])) return cfg->data[i];
  Node *grid = launch_dim(p, cfg->data[0], "grid");
  Node *block = launch_dim(p, cfg->data[1], "block");
  Node *shmem = cfg->len > 2 ? convert_assign(p, rvalue(p, cfg->data[2]), ty_ulong, CONV_PASS,
                                              cfg->data[2]->loc)
                             : new_num(p, 0, ty_ulong, loc);
  Node *stream = cfg->len > 3 ? launch_stream(p, cfg->data[3]) : new_num(p, 0, ty_ullong, loc);
  if (is_err(p, grid) || is_err(p, block) || is_err(p, shmem) || is_err(p, stream))
    return err_node(p, loc);
  Type *ft = fn->ty;
  NodeVec args = *argv;
  for (int i = 0; i < args.len; i++)
    if (is_err(p, args.data[i])) return args.data[i];
  if (args.len != ft->param_count) {
    diag_error(p->diag, loc, "too %s arguments to function call, expected %d, have %d",
               args.len < ft->param_count ? "few" : "many", ft->param_count, args.len);
    diag_note(p->diag, fn->loc, "'%s' declared here", fn->name);
    return err_node(p, loc);
  }
  Node head = {0}, *cur = &head;
  for (int i = 0; i < args.len; i++) {
    Node *a = convert_assign(p, args.data[i], ft->params[i], CONV_PASS, args.data[i]->loc);
    if (is_err(p, a)) return a;
    cur = cur->next = a;
  }
  Node *n = new_node(p, ND_CALL, loc);
  n->obj = fn;
  n->ty = ty_void;
  n->args = head.next;
  n->arg_count = args.len;
  n->cond = grid;
  n->then = block;
  n->els = shmem;
  n->inc = stream;
  return n;
}

/* name<<<cfg>>>(args) where name is an ordinary (non-template) name; the
 * "<<<" is current. */
Node *device_launch_by_name(Parser *p, Token *name, VarScope *vs) {
  Loc loc = name->loc;
  NodeVec cfg = parse_launch_config(p);
  if (!at(p, TK_LPAREN)) {
    diag_error(p->diag, tok(p)->loc, "expected '(' after the launch configuration");
    return err_node(p, loc);
  }
  NodeVec args = parse_call_args(p);
  Obj *fn = vs && vs->var && vs->var->is_function ? vs->var : NULL;
  /* overloaded kernels: the one taking as many arguments, a definition first */
  for (Obj *o = fn; o; o = o->overload)
    if ((o->exec & EXEC_GLOBAL) && o->ty->param_count == args.len &&
        (o->body || !(fn->ty->param_count == args.len && fn->body)))
      fn = o;
  if (!fn || !(fn->exec & EXEC_GLOBAL)) {
    if (fn)  /* nvcc's wording */
      diag_error(p->diag, loc, "a %s function call cannot be configured",
                 (fn->exec & EXEC_DEVICE) ? "__device__" : "__host__");
    else if (vs)
      diag_error(p->diag, loc, "'%s' is not a __global__ function: only kernels can be launched",
                 tok_name(p, name));
    else
      diag_error(p->diag, loc, "use of undeclared identifier '%s'", tok_name(p, name));
    return err_node(p, loc);
  }
  return device_launch(p, fn, &cfg, &args, loc);
}

/* cudaDeviceSynchronize() in device code: CUDA 12 removed it (a parent
 * grid cannot wait for its children). nvcc 13's wording, then why. */
Node *device_sync_error(Parser *p, Token *name, Loc loc) {
  if (p->fn)
    diag_error(p->diag, loc, "calling a __host__ function(\"%s\") from a %s function(\"%s\") is "
               "not allowed", tok_name(p, name),
               (p->fn->exec & EXEC_GLOBAL) ? "__global__" : "__device__", p->fn->name);
  else
    diag_error(p->diag, loc, "identifier \"%s\" is undefined in device code", tok_name(p, name));
  diag_note(p->diag, loc, "CUDA 12 removed %s from device code: a kernel cannot wait for the "
            "kernels it launches; launch the work that needs their results into "
            "cudaStreamTailLaunch", tok_name(p, name));
  if (at(p, TK_LPAREN)) parse_call_args(p);
  return err_node(p, loc);
}
