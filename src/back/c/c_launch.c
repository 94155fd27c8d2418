/* c_launch.c: the C for a kernel launch in device code (IN_CDP_LAUNCH,
 * dynamic parallelism): packs the arguments into the launched kernel's
 * parameter struct and hands it to the runtime (cuwa_device_launch,
 * kernel_abi.h), which queues the child grid behind the running one
 * (src/runtime/cpu/cdp.c). No scheduling decisions here. */
#include "c_internal.h"

/* A kernel of another .cu file: the arguments are already packed. */
static void print_named_launch(CEmit *e, const IrInst *i) {
  c_line(e, "cuwa_device_launch_named(ctx, (const char *)(uintptr_t)%s, (CuwaDim3){%s, %s, %s}, "
         "(CuwaDim3){%s, %s, %s}, %s, %s, (const void *)(uintptr_t)%s, %s, tx, ty, tz);",
         c_val(e, i->args[8]), c_val(e, i->args[0]), c_val(e, i->args[1]), c_val(e, i->args[2]),
         c_val(e, i->args[3]), c_val(e, i->args[4]), c_val(e, i->args[5]), c_val(e, i->args[6]),
         c_val(e, i->args[7]), c_val(e, i->args[9]), c_val(e, i->args[10]));
}

void c_print_device_launch(CEmit *e, const IrInst *i) {
  if (i->intrinsic == IN_CDP_LAUNCH_NAMED) {
    print_named_launch(e, i);
    return;
  }
  const IrFunc *k = i->callee;
  if (!k || !k->is_kernel) ICE("device launch without a kernel");
  c_line(e, "{  /* %s<<<...>>>: dynamic parallelism */", k->name);
  e->depth++;
  c_line(e, "extern const CuwaKernelDesc cuwa_kernel_%s_%d;", e->unit, k->ordinal);
  const char *params = "NULL";
  if (k->param_count) {
    c_line(e, "struct cuwa_params_%d cuwa_lp;", k->ordinal);
    c_line(e, "memset(&cuwa_lp, 0, sizeof cuwa_lp);");  /* padding: copied as bytes */
    for (int a = 0; a < k->param_count; a++)
      c_line(e, "cuwa_lp.a%d = %s;", a, c_val(e, i->args[8 + a]));
    params = "&cuwa_lp";
  }
  c_line(e, "cuwa_device_launch(ctx, &cuwa_kernel_%s_%d, (CuwaDim3){%s, %s, %s}, "
         "(CuwaDim3){%s, %s, %s}, %s, %s, %s, tx, ty, tz);", e->unit, k->ordinal,
         c_val(e, i->args[0]), c_val(e, i->args[1]), c_val(e, i->args[2]), c_val(e, i->args[3]),
         c_val(e, i->args[4]), c_val(e, i->args[5]), c_val(e, i->args[6]), c_val(e, i->args[7]),
         params);
  e->depth--;
  c_line(e, "}");
}
