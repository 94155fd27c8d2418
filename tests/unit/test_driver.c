/* test_driver.c: the `cuwa` command as users call it: its messages and
 * exit codes, nvcc's options (-arch, -gencode, -D/-U in both passes, -x cu,
 * -c then link, .c/.cpp inputs, options that are accepted and ignored),
 * --emit, `cuwa devices`, temporary files, and errors of the host and
 * device passes. Uses $CUWA_BUILD_DIR/bin/cuwa (tests/run sets it; default
 * build) and works in a temporary directory. Prints "N passed, M failed". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int passed, failed;
static char cuwa[4096], dir[256];

#define CHECK(cond, ...)                                     \
  do {                                                       \
    if (cond) {                                              \
      passed++;                                              \
    } else {                                                 \
      failed++;                                              \
      printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
      printf(__VA_ARGS__);                                   \
      printf("\n");                                          \
    }                                                        \
  } while (0)

/* Runs a shell command in the test directory (cuwa is $CUWA); returns its
 * exit code and its stdout+stderr in out. */
static int run(const char *cmd, char *out, size_t size) {
  char full[8192];
  snprintf(full, sizeof full, "cd %s && CUWA=%s && { %s ; } 2>&1", dir, cuwa, cmd);
  FILE *p = popen(full, "r");
  if (!p) return -1;
  size_t n = fread(out, 1, size - 1, p);
  out[n] = 0;
  int st = pclose(p);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void write_file(const char *name, const char *text) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  if (!f) return;
  fputs(text, f);
  fclose(f);
}

static void expect(const char *cmd, int want_rc, const char *want_text) {
  static char out[1 << 16];
  int rc = run(cmd, out, sizeof out);
  CHECK(rc == want_rc, "`%s`: exit code %d, expected %d; output:\n%s", cmd, rc, want_rc, out);
  if (want_text)
    CHECK(strstr(out, want_text) != NULL, "`%s`: output lacks [%s]:\n%s", cmd, want_text, out);
}

static const char *program =
    "#include <cstdio>\n"
    "__global__ void get(int *out) {\n"
    "#ifdef __CUDA_ARCH__\n"
    "  out[0] = __CUDA_ARCH__;\n"
    "#endif\n"
    "  out[1] = FOO;\n"
    "#ifdef BAR\n"
    "  out[2] = 1;\n"
    "#else\n"
    "  out[2] = 2;\n"
    "#endif\n"
    "}\n"
    "int host_helper(int);\n"
    "extern \"C\" int c_helper(int);\n"
    "int main() {\n"
    "  int *d, h[3] = {0, 0, 0};\n"
    "  cudaMalloc(&d, sizeof h);\n"
    "  cudaMemset(d, 0, sizeof h);\n"
    "  get<<<1, 1>>>(d);\n"
    "  cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost);\n"
    "  printf(\"%d %d %d host:%d %d %d\\n\", h[0], h[1], h[2], FOO, host_helper(2), c_helper(3));\n"
    "  return 0;\n"
    "}\n";

static void test_messages(void) {
  expect("$CUWA --version", 0, "cuwa ");
  expect("$CUWA -V", 0, "cuwa ");
  expect("$CUWA --help", 0, "usage: cuwa");
  expect("$CUWA", 1, "cuwa: error: no input files\n");
  expect("$CUWA -foo prog.cu", 1, "cuwa: error: unknown option '-foo'\n");
  expect("$CUWA nope.cu", 1, "cuwa: error: no such file or directory: 'nope.cu'\n");
  expect("$CUWA -o", 1, "cuwa: error: argument to '-o' is missing (expected 1 value)\n");
  expect("$CUWA -x fortran prog.cu", 1, "cuwa: error: language not recognized: 'fortran'\n");
  expect("$CUWA -c prog.cu helper.cpp -o x.o", 1,
         "cuwa: error: cannot specify -o when generating multiple output files\n");
  expect("$CUWA devices", 0, "cpu: ");
}

static void test_options(void) {
  expect("$CUWA -arch=sm_86 -DFOO=7 -DBAR -UBAR prog.cu helper.cpp chelper.c -o a1 && ./a1", 0,
         "860 7 2 host:7 20 300\n");
  expect("$CUWA -arch sm_90 -D FOO=9 -UBAR -DBAR prog.cu helper.cpp chelper.c -o a2 && ./a2", 0,
         "900 9 1 host:9 20 300\n");
  expect("$CUWA -gencode arch=compute_80,code=sm_80 -D FOO=8 -O2 -g -c prog.cu -o p.o && "
         "$CUWA -c helper.cpp chelper.c && $CUWA p.o helper.o chelper.o -o a3 && ./a3",
         0, "800 8 2 host:8 20 300\n");
  expect("$CUWA -DFOO=1 prog.cu helper.cpp chelper.c && ./a.out", 0, "750 1 2 host:1 20 300\n");
  /* accepted and ignored: options that tune GPU code generation */
  expect("$CUWA --maxrregcount 32 -maxrregcount=32 -Xptxas -v --ptxas-options=-v -res-usage "
         "--expt-relaxed-constexpr --expt-extended-lambda -Wno-deprecated-gpu-targets "
         "-rdc=true -m64 -ccbin g++ -lineinfo --use_fast_math -w -std=c++17 "
         "-Xcompiler -Wall,-Wextra -Xlinker --as-needed -lm -L. -DFOO=2 "
         "prog.cu helper.cpp chelper.c -o a4 && ./a4",
         0, "750 2 2 host:2 20 300\n");
  write_file("kern.cpp", "__global__ void kk(int *p) { *p = 5; }\n"
                         "void call_kk(int *p) { kk<<<1, 1>>>(p); }\n");
  expect("$CUWA -x cu -c kern.cpp -o kern.o && nm kern.o | grep cuwa_kernel_ | grep -v __odr_asan | grep -vc ' U '",
         0, "1\n");
  expect("$CUWA -v -DFOO=1 -c prog.cu -o v.o", 0, "#$ c++ -E");
}

static void test_emit_and_temps(void) {
  expect("$CUWA --emit=host -DFOO=1 prog.cu | grep -c 'cuwa_launch_stub(&cuwa_kernel_'", 0, "1\n");
  expect("$CUWA --emit=c -DFOO=1 prog.cu", 0, "cuwa_kernel_");
  expect("$CUWA --emit=ir -DFOO=1 prog.cu", 0, "kernel");
  expect("mkdir -p t && TMPDIR=$PWD/t $CUWA -DFOO=1 prog.cu helper.cpp chelper.c -o a5 && ls t | wc -l",
         0, "0\n");
  expect("TMPDIR=$PWD/t CUWA_KEEP_TEMPS=1 $CUWA -DFOO=1 -c prog.cu -o k.o && ls t/*/*.dev.c", 0,
         "temporary files kept in");
}

static void test_errors(void) {
  write_file("host_err.cu", "__global__ void k(int *p) { *p = 1; }\n"
                            "int main() {\n  return not_declared(3);\n}\n");
  expect("$CUWA host_err.cu -o he", 1, "host_err.cu:3:");
  expect("test ! -e he", 0, NULL);
  write_file("dev_err.cu", "__global__ void k(int *p) {\n  *p = not_declared;\n}\n"
                           "int main() { return 0; }\n");
  expect("$CUWA dev_err.cu -o de", 1, "dev_err.cu:2:");
  expect("test ! -e de", 0, NULL);
}

int main(void) {
  const char *build = getenv("CUWA_BUILD_DIR");
  char cwd[2048];
  if (!getcwd(cwd, sizeof cwd)) return 1;
  if (build && build[0] == '/') snprintf(cuwa, sizeof cuwa, "%s/bin/cuwa", build);
  else snprintf(cuwa, sizeof cuwa, "%s/%s/bin/cuwa", cwd, build ? build : "build");
  snprintf(dir, sizeof dir, "/tmp/cuwa-test-driver-XXXXXX");
  if (!mkdtemp(dir)) return 1;
  write_file("prog.cu", program);
  write_file("helper.cpp", "int host_helper(int x) { return x * 10; }\n");
  write_file("chelper.c", "int c_helper(int x) { return x * 100; }\n");
  test_messages();
  test_options();
  test_emit_and_temps();
  test_errors();
  char cmd[512];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (system(cmd) != 0) printf("could not remove %s\n", dir);
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
