// destructors: user-defined destructors run at the end of a local's scope
// in reverse order of construction, on return, break and continue paths,
// for members and bases after the destructor's body (reverse order), for
// temporaries at the end of the full expression, not for a named return
// value or a temporary that initializes an object (elided), arrays in
// reverse order, plus delegating constructors.
#include "check.h"

struct Log {
  int *buf;
  int n;
};

struct Tracer {
  Log *log;
  int id;
  __device__ Tracer(Log *l, int i) : log(l), id(i) {}
  __device__ Tracer(Log *l) : Tracer(l, 99) {}  // delegating
  __device__ ~Tracer() { log->buf[log->n++] = id; }
};

struct Pair {                 // members destroyed after the body, reversed
  Tracer first, second;
  Log *log;
  __device__ Pair(Log *l) : first(l, 1), second(l, 2), log(l) {}
  __device__ ~Pair() { log->buf[log->n++] = 50; }
};

struct Derived : Tracer {     // base destroyed after the derived part
  Tracer member;
  __device__ Derived(Log *l) : Tracer(l, 7), member(l, 8) {}
  __device__ ~Derived() { log->buf[log->n++] = 60; }
};

struct Holder {               // implicit destructor: its member's runs
  Tracer t;
  __device__ Holder(Log *l) : t(l, 33) {}
};

__device__ int early(Log *log, int k) {
  Tracer a(log, 10);
  if (k > 0) {
    Tracer b(log, 11);
    return k;                 // b then a
  }
  Tracer c(log, 12);
  return -k;                  // c then a
}

__device__ Tracer make(Log *log, int id) {
  Tracer t(log, id);
  return t;                   // named return value: not destroyed here
}

__device__ int value_of(const Tracer &t) { return t.id; }

__global__ void kernel(int *buf, int *count, int *out) {
  Log log = {buf, 0};
  {
    Tracer x(&log, 1);
    Tracer y(&log, 2);
  }                           // 2 1
  for (int i = 0; i < 3; i++) {
    Tracer l(&log, 20 + i);
    if (i == 0) continue;     // 20
    if (i == 2) break;        // 22
  }                           // 21 at the end of the body
  out[0] = early(&log, 1);    // 11 10
  out[1] = early(&log, -2);   // 12 10
  {
    Pair p(&log);
  }                           // 50 2 1
  {
    Derived d(&log);
  }                           // 60 8 7
  {
    Holder h(&log);
  }                           // 33
  {
    Tracer m = make(&log, 40);
  }                           // 40 (once)
  out[2] = value_of(Tracer(&log, 41));  // 41 after the call
  {
    Tracer dflt(&log);
  }                           // 99
  {
    Tracer e = Tracer(&log, 42);
  }                           // 42 (once: the temporary is elided)
  {
    Tracer arr[2] = {Tracer(&log, 70), Tracer(&log, 71)};
  }                           // 71 70: arrays in reverse order
  out[3] = make(&log, 80).id; // 80: a returned object is a temporary
  {
    Pair q(&log);
    q = Pair(&log);           // 50 2 1 for the temporary
  }                           // 50 2 1 for q
  *count = log.n;
}

int main() {
  int *buf, *count, *out;
  CHECK_CUDA(cudaMalloc(&buf, 64 * sizeof(int)));
  CHECK_CUDA(cudaMalloc(&count, sizeof(int)));
  CHECK_CUDA(cudaMalloc(&out, 4 * sizeof(int)));
  kernel<<<1, 1>>>(buf, count, out);
  CHECK_CUDA(cudaGetLastError());
  int h[64], n, o[4];
  CHECK_CUDA(cudaMemcpy(&n, count, sizeof n, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(h, buf, sizeof h, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(o, out, sizeof o, cudaMemcpyDeviceToHost));
  int want[] = {2, 1, 20, 21, 22, 11, 10, 12, 10, 50, 2, 1, 60, 8, 7, 33, 40, 41, 99, 42, 71, 70, 80,
               50, 2, 1, 50, 2, 1};
  int nw = (int)(sizeof want / sizeof want[0]);
  CHECK(nw, n);
  for (int i = 0; i < nw && i < n; i++) CHECK(want[i], h[i]);
  CHECK(1, o[0]);
  CHECK(2, o[1]);
  CHECK(41, o[2]);
  CHECK(80, o[3]);
  cudaFree(buf);
  cudaFree(count);
  cudaFree(out);
  return check_done("destructors");
}
