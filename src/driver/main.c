/* main.c: the `cuwa` command line: parses options and dispatches to the
 * pipeline (compile.c), or answers --version, --help and `cuwa devices`.
 * No compilation logic lives here. */
#include "driver/options.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The CPU's name as /proc/cpuinfo gives it ("model name"), or a generic
 * name when the file has none (other architectures, containers). */
static void cpu_model(char *out, size_t size) {
  snprintf(out, size, "%s", "unknown CPU");
  FILE *f = fopen("/proc/cpuinfo", "r");
  if (!f) return;
  char line[512];
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, "model name", 10) != 0) continue;
    const char *colon = strchr(line, ':');
    if (!colon) continue;
    colon++;
    while (*colon == ' ' || *colon == '\t') colon++;
    snprintf(out, size, "%s", colon);
    out[strcspn(out, "\n")] = 0;
    break;
  }
  fclose(f);
}

/* `cuwa devices`: the devices a program built now can run on. The CPU
 * device is always there; it is the only one this build of cuwa has. */
static int print_devices(void) {
  char model[256];
  cpu_model(model, sizeof model);
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  printf("cpu: %s (%ld cores)\n", model, cores > 0 ? cores : 1);
  return 0;
}

int main(int argc, char **argv) {
  Arena a;
  arena_init(&a);
  Options o;
  int rc;
  if (!options_parse(&a, argc, argv, &o)) rc = 1;
  else if (o.mode == MODE_VERSION) rc = printf("cuwa %s\n", CUWA_VERSION) < 0;
  else if (o.mode == MODE_HELP) rc = (options_print_help(), 0);
  else if (o.mode == MODE_DEVICES) rc = print_devices();
  else rc = compile_run(&a, &o);
  arena_free(&a);
  return rc;
}
