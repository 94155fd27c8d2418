/* ir_print.c: the textual IR dump used by --emit=ir and the unit tests.
 * One instruction per line, "%id = op type args", nested blocks indented.
 * It is for people and golden files, not a format anything parses back.
 * It does not check the IR (ir_verify.c does). */
#include "ir.h"

#include <string.h>

typedef struct Printer {
  StrBuf *out;
  Arena scratch;  /* type strings */
  int depth;
} Printer;

static const char *tystr(Printer *p, const IrType *t) {
  return ir_type_str(&p->scratch, t);
}

static void indent(Printer *p) {
  for (int i = 0; i < p->depth; i++) strbuf_puts(p->out, "  ");
}

static void print_escaped(StrBuf *out, const char *s, int len) {
  strbuf_putc(out, '"');
  for (int i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') strbuf_printf(out, "\\%c", c);
    else if (c == '\n') strbuf_puts(out, "\\n");
    else if (c < 32 || c >= 127) strbuf_printf(out, "\\%03o", c);
    else strbuf_putc(out, (char)c);
  }
  strbuf_putc(out, '"');
}

static void print_block(Printer *p, const IrBlock *b);

static void print_operands(Printer *p, const IrInst *i) {
  for (int k = 0; k < i->arg_count; k++)
    strbuf_printf(p->out, "%s%%%u", k ? ", " : " ", i->args[k]->id);
}

static void print_nested(Printer *p, const IrBlock *b) {
  strbuf_puts(p->out, " {\n");
  p->depth++;
  print_block(p, b);
  p->depth--;
  indent(p);
  strbuf_puts(p->out, "}");
}

static void print_switch(Printer *p, const IrInst *i) {
  strbuf_printf(p->out, "switch %%%u {\n", i->args[0]->id);
  p->depth++;
  for (int c = 0; c < i->case_count; c++) {
    const IrCase *cs = &i->cases[c];
    indent(p);
    strbuf_puts(p->out, "case");
    for (int v = 0; v < cs->value_count; v++)
      strbuf_printf(p->out, " %lld", (long long)cs->values[v]);
    if (cs->is_default) strbuf_puts(p->out, " default");
    print_nested(p, &cs->body);
    strbuf_puts(p->out, cs->falls_through ? " fallthrough\n" : "\n");
  }
  p->depth--;
  indent(p);
  strbuf_puts(p->out, "}");
}

/* The payload that is not an operand: constants, names, indices. */
static void print_payload(Printer *p, const IrInst *i) {
  StrBuf *o = p->out;
  switch (i->op) {
  case IR_CONST:
    if (ir_type_is_float(i->ty)) strbuf_printf(o, " %.17g", i->fimm);
    else strbuf_printf(o, " %lld", (long long)i->imm);
    break;
  case IR_PARAM: strbuf_printf(o, " %lld", (long long)i->imm); break;
  case IR_GLOBAL: strbuf_printf(o, " @%s", i->global->name); break;
  case IR_STRING: strbuf_putc(o, ' '); print_escaped(o, i->str, i->str_len - 1); break;
  case IR_MEMBER_PTR: strbuf_printf(o, " .%d", i->field); break;
  case IR_THREAD_IDX: case IR_BLOCK_IDX: case IR_BLOCK_DIM: case IR_GRID_DIM:
    strbuf_printf(o, " %c", "xyz"[i->imm & 3]);
    break;
  case IR_INTRINSIC: strbuf_printf(o, " %s", ir_intrinsic_name(i->intrinsic)); break;
  case IR_CALL: strbuf_printf(o, " @%s", i->callee->name); break;
  case IR_TRAP: strbuf_putc(o, ' '); print_escaped(o, i->str, (int)strlen(i->str)); break;
  default: break;
  }
}

static void print_inst(Printer *p, const IrInst *i) {
  indent(p);
  if (i->ty->kind != IRT_VOID)
    strbuf_printf(p->out, "%%%u = ", i->id);
  if (i->op == IR_SWITCH) {
    print_switch(p, i);
    strbuf_putc(p->out, '\n');
    return;
  }
  strbuf_puts(p->out, ir_op_name(i->op));
  if (i->is_volatile) strbuf_puts(p->out, " volatile");
  if (i->ty->kind != IRT_VOID) strbuf_printf(p->out, " %s", tystr(p, i->ty));
  print_payload(p, i);
  print_operands(p, i);
  if (i->op == IR_IF) {
    print_nested(p, &i->blocks[0]);
    if (i->blocks[1].first) {
      strbuf_puts(p->out, " else");
      print_nested(p, &i->blocks[1]);
    }
  } else if (i->op == IR_LOOP) {
    print_nested(p, &i->blocks[0]);
    if (i->blocks[1].first) {
      strbuf_puts(p->out, " continuing");
      print_nested(p, &i->blocks[1]);
    }
  }
  strbuf_putc(p->out, '\n');
}

static void print_block(Printer *p, const IrBlock *b) {
  for (const IrInst *i = b->first; i; i = i->next) print_inst(p, i);
}

static void print_func(Printer *p, const IrFunc *f) {
  StrBuf *o = p->out;
  strbuf_printf(o, "%s @%s", f->is_kernel ? "kernel" : "func", f->name);
  if (f->is_kernel) strbuf_printf(o, " #%d", f->ordinal);
  strbuf_putc(o, '(');
  for (int i = 0; i < f->param_count; i++)
    strbuf_printf(o, "%s%s %s", i ? ", " : "", tystr(p, f->params[i]),
                  f->param_names && f->param_names[i] ? f->param_names[i] : "_");
  strbuf_printf(o, ") -> %s {\n", tystr(p, f->ret));
  for (int i = 0; i < f->local_count; i++) {
    const IrInst *l = f->locals[i];
    strbuf_printf(o, "  %%%u = local %s \"%s\"\n", l->id, tystr(p, l->ty),
                  l->str ? l->str : "");
  }
  p->depth = 1;
  print_block(p, &f->body);
  strbuf_puts(o, "}\n");
}

static void print_struct(Printer *p, const IrType *t) {
  strbuf_printf(p->out, "%s %%%s size %d align %d {", t->is_union ? "union" : "struct",
                t->name, t->size, t->align);
  for (int i = 0; i < t->field_count; i++)
    strbuf_printf(p->out, "%s %s %s @%d", i ? "," : "", tystr(p, t->fields[i].ty),
                  t->fields[i].name ? t->fields[i].name : "_", t->fields[i].offset);
  strbuf_puts(p->out, " }\n");
}

static void print_global(Printer *p, const IrGlobal *g) {
  static const char *spaces[] = {"generic", "global", "shared", "constant", "local"};
  strbuf_printf(p->out, "global @%s %s %s", g->name, spaces[g->space],
                tystr(p, g->ty));
  if (g->is_dynamic_shared) strbuf_puts(p->out, " dynamic");
  if (g->owner) strbuf_printf(p->out, " owner @%s", g->owner->name);
  if (g->init) {
    strbuf_puts(p->out, " init [");
    for (int i = 0; i < g->ty->size; i++)
      strbuf_printf(p->out, "%s%u", i ? " " : "", g->init[i]);
    strbuf_putc(p->out, ']');
  }
  for (int i = 0; i < g->reloc_count; i++)
    strbuf_printf(p->out, " reloc %d=@%s+%lld", g->relocs[i].offset,
                  g->relocs[i].target->name, (long long)g->relocs[i].addend);
  strbuf_putc(p->out, '\n');
}

void ir_print_module(StrBuf *out, const IrModule *m) {
  Printer p = {out, {0}, 0};
  arena_init(&p.scratch);
  strbuf_printf(out, "module \"%s\"\n", m->source_path ? m->source_path : "");
  for (int i = 0; i < m->structs.len; i++) print_struct(&p, m->structs.data[i]);
  for (int i = 0; i < m->globals.len; i++) print_global(&p, m->globals.data[i]);
  for (int i = 0; i < m->funcs.len; i++) print_func(&p, m->funcs.data[i]);
  arena_free(&p.scratch);
}
