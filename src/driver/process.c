/* process.c: runs the system tools (cc, c++, ld) with posix_spawnp and
 * waits for them; their stdout and stderr pass through unchanged, so the
 * host compiler's diagnostics reach the user as they are. No shell is
 * involved: arguments are never re-split or expanded. */
#include "driver/options.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

extern char **environ;

/* Prints a command as a shell would need it, for -v. */
static void print_command(const char *const *argv) {
  fputs("#$", stderr);
  for (; *argv; argv++) {
    const char *a = *argv;
    bool plain = *a && strspn(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                 "0123456789-_=+./:,@%") == strlen(a);
    if (plain) {
      fprintf(stderr, " %s", a);
      continue;
    }
    fputs(" '", stderr);
    for (; *a; a++) {
      if (*a == '\'') fputs("'\\''", stderr);
      else fputc(*a, stderr);
    }
    fputc('\'', stderr);
  }
  fputc('\n', stderr);
}

int process_run(const char *const *argv, bool verbose) {
  return process_run_to(argv, verbose, NULL);
}

int process_run_to(const char *const *argv, bool verbose, const char *stdout_path) {
  if (verbose) print_command(argv);
  fflush(stdout);
  fflush(stderr);
  pid_t pid;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  if (stdout_path)
    posix_spawn_file_actions_addopen(&fa, 1, stdout_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  int err = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  if (err) {
    fprintf(stderr, "cuwa: error: cannot run '%s': %s\n", argv[0], strerror(err));
    return -1;
  }
  int status;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      fprintf(stderr, "cuwa: error: waiting for '%s': %s\n", argv[0], strerror(errno));
      return -1;
    }
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  fprintf(stderr, "cuwa: error: '%s' was killed by signal %d\n", argv[0],
          WTERMSIG(status));
  return -1;
}
