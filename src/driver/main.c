/* main.c: the `cuwa` command line: parses options and dispatches to the
 * pipeline (compile.c), or answers --version, --help and `cuwa devices`.
 * No compilation logic lives here. */
#include "driver/options.h"
#include "cuwa.h"

#include <stdio.h>

int main(int argc, char **argv) {
  Arena a;
  arena_init(&a);
  Options o;
  int rc;
  if (!options_parse(&a, argc, argv, &o)) rc = 1;
  else if (o.mode == MODE_VERSION) rc = printf("cuwa %s\n", CUWA_VERSION) < 0;
  else if (o.mode == MODE_HELP) rc = (options_print_help(), 0);
  else if (o.mode == MODE_DEVICES) rc = cuwaPrintDevices(stdout) > 0 ? 0 : 1;
  else rc = compile_run(&a, &o);
  arena_free(&a);
  return rc;
}
