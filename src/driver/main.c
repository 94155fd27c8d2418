/* main.c: the `cuwa` command line: parses options and dispatches to the
 * pipeline (compile.c), or answers --version, --help and `cuwa devices`,
 * or runs `cuwa memcheck|initcheck|racecheck PROG [ARGS]` (docs/memcheck.md).
 * No compilation logic lives here. */
#include "driver/options.h"
#include "cuwa.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* `cuwa memcheck ./prog args`: runs prog with CUWA_CHECK=memcheck, as
 * `compute-sanitizer --tool memcheck ./prog args` does. */
static int run_checked(char **argv) {
  if (!argv[1]) {
    fprintf(stderr, "cuwa: error: usage: cuwa %s PROGRAM [ARGS...]\n", argv[0]);
    return 2;
  }
  setenv("CUWA_CHECK", argv[0], 1);
  execvp(argv[1], argv + 1);
  fprintf(stderr, "cuwa: error: cannot run '%s': %s\n", argv[1], strerror(errno));
  return 127;
}

static int is_check_tool(const char *s) {
  return strcmp(s, "memcheck") == 0 || strcmp(s, "initcheck") == 0 || strcmp(s, "racecheck") == 0;
}

int main(int argc, char **argv) {
  Arena a;
  arena_init(&a);
  Options o;
  int rc;
  if (argc >= 2 && is_check_tool(argv[1])) return run_checked(argv + 1);
  if (!options_parse(&a, argc, argv, &o)) rc = 1;
  else if (o.mode == MODE_VERSION) rc = printf("cuwa %s\n", CUWA_VERSION) < 0;
  else if (o.mode == MODE_HELP) rc = (options_print_help(), 0);
  else if (o.mode == MODE_DEVICES) rc = cuwaPrintDevices(stdout) > 0 ? 0 : 1;
  else rc = compile_run(&a, &o);
  arena_free(&a);
  return rc;
}
