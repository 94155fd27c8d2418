// constructors: default, parameterized and copy constructors, member
// initializer lists (run in declaration order), default member
// initializers, overloaded constructors, T x(a) / T x{a} / T x = T(a) /
// T x = {a}, temporaries T(a) and T{a}, arrays of class objects, class
// template constructors, converting constructors and trivial destructors.
#include "check.h"

struct Vec2 {
  float x, y;
  __host__ __device__ Vec2() : x(0), y(0) {}
  __host__ __device__ Vec2(float a, float b) : x(a), y(b) {}
  __host__ __device__ explicit Vec2(int s) : x((float)s), y((float)s) {}
  __device__ float dot(Vec2 o) const { return x * o.x + y * o.y; }
  __device__ Vec2 operator+(Vec2 o) const { return Vec2(x + o.x, y + o.y); }
};

struct Counter {
  int base = 10;        // default member initializers
  int step{3};
  int count;
  __device__ Counter() : count(1) {}
  __device__ Counter(int c) : step(c * 2), count(c) {}
  __device__ ~Counter() {}
};

struct Ordered {         // members initialized in declaration order
  int a, b;
  __device__ Ordered(int v) : b(a + 1), a(v) {}
};

struct Defaults {        // only default member initializers
  int n = 7;
  float f = 1.5f;
  int arr[3] = {1, 2, 3};
};

struct Wrap {            // a member with a constructor
  Counter c;
  int extra;
  __device__ Wrap(int e) : extra(e) {}
};

struct Scale {           // converting constructor
  float s;
  __device__ Scale(float v) : s(v * 2.0f) {}
};

__device__ float apply(Scale sc, float v) { return sc.s * v; }

template <class T> struct Acc {
  T sum;
  int n;
  __device__ Acc(T init) : sum(init), n(0) {}
  __device__ void add(T v) {
    this->sum += v;
    this->n++;
  }
};

template <class T> struct Box {  // default member initializers in a template
  T v = T(3);
  int n{2};
  __device__ T get() const { return v * n; }
};

struct Agg {                    // an aggregate with a default member initializer
  int a;
  int b = 5;
};

__device__ Vec2 make_vec(float a) { return {a, a * 2}; }

struct Self {
  int v;
  __device__ Self(int x) { this->v = x * 3; }
};

__global__ void kernel(int *out, float *fout) {
  int i = threadIdx.x;
  Vec2 a;                       // default
  Vec2 b(1.0f, (float)i);       // parameterized
  Vec2 c{2.0f, 3.0f};           // braced
  Vec2 d = Vec2(0.5f, 0.25f);   // copy of a temporary
  Vec2 e = {4.0f, (float)i};    // copy-list-initialization
  Vec2 f(b);                    // implicit copy
  Vec2 g(i);                    // the int overload
  fout[i * 8 + 0] = a.x + a.y;
  fout[i * 8 + 1] = b.dot(c);
  fout[i * 8 + 2] = d.x + d.y;
  fout[i * 8 + 3] = e.dot(Vec2{1.0f, 1.0f});
  fout[i * 8 + 4] = f.y;
  fout[i * 8 + 5] = g.x + g.y;
  fout[i * 8 + 6] = (b + Vec2(1.0f, 1.0f)).dot(Vec2(1.0f, 0.0f));
  fout[i * 8 + 7] = apply(1.0f + i, 3.0f);  // 1.0f + i becomes a Scale
  Counter k0;
  Counter k1(i);
  Counter k2 = Counter(2);
  out[i * 12 + 0] = k0.base + k0.step * 100 + k0.count * 1000;
  out[i * 12 + 1] = k1.base + k1.step * 100 + k1.count * 1000;
  out[i * 12 + 2] = k2.step;
  Ordered o(i);
  out[i * 12 + 3] = o.b;
  Defaults df;
  out[i * 12 + 4] = df.n + (int)(df.f * 2) + df.arr[0] + df.arr[1] * 10 + df.arr[2] * 100;
  Wrap w(i);
  out[i * 12 + 5] = w.c.base + w.c.count + w.extra;
  Counter arr[4];
  int s = 0;
  for (int k = 0; k < 4; k++) s += arr[k].base + arr[k].count;
  out[i * 12 + 6] = s;
  Acc<float> acc(0.5f);
  for (int k = 0; k <= i; k++) acc.add((float)k);
  fout[64 + i] = acc.sum;
  out[i * 12 + 7] = acc.n;
  Acc<int> iacc(i);
  iacc.add(5);
  out[i * 12 + 8] = iacc.sum;
  Self sf(i);
  out[i * 12 + 9] = sf.v;
  out[i * 12 + 10] = Counter(i + 1).step;
  int x(i * 2);
  out[i * 12 + 11] = x;
}

__global__ void kernel2(int *out) {
  int i = threadIdx.x;
  Box<float> b;
  Box<int> bi;
  Agg g = {i};
  Vec2 arr[3] = {Vec2(1.0f, 2.0f), {3.0f, (float)i}, Vec2(i)};
  out[i * 6 + 0] = (int)b.get() + bi.get() * 10;
  out[i * 6 + 1] = g.a + g.b * 10;
  out[i * 6 + 2] = (int)(arr[0].y + arr[1].y * 10 + arr[2].x * 100);
  out[i * 6 + 3] = (int)make_vec((float)i).y;
  int s = 0;
  for (Counter c(i); c.count < 10; c.count++) s += c.count;
  out[i * 6 + 4] = s;
  out[i * 6 + 5] = (int)Vec2{(float)i, 1.0f}.dot(Vec2(2.0f, 3.0f));
}

int main() {
  const int n = 8;
  int h[12 * n];
  float hf[8 * n + n];
  int *d;
  float *df;
  CHECK_CUDA(cudaMalloc(&d, sizeof h));
  CHECK_CUDA(cudaMalloc(&df, sizeof hf));
  kernel<<<1, n>>>(d, df);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hf, df, sizeof hf, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) {
    float fi = (float)i;
    CHECK_NEAR(0.0f, hf[i * 8 + 0], 0);
    CHECK_NEAR(2.0f + 3.0f * fi, hf[i * 8 + 1], 1e-6);
    CHECK_NEAR(0.75f, hf[i * 8 + 2], 0);
    CHECK_NEAR(4.0f + fi, hf[i * 8 + 3], 1e-6);
    CHECK_NEAR(fi, hf[i * 8 + 4], 0);
    CHECK_NEAR(2.0f * fi, hf[i * 8 + 5], 0);
    CHECK_NEAR(2.0f, hf[i * 8 + 6], 0);
    CHECK_NEAR((1.0f + fi) * 2.0f * 3.0f, hf[i * 8 + 7], 1e-5);
    CHECK(10 + 300 + 1000, h[i * 12 + 0]);
    CHECK(10 + i * 2 * 100 + i * 1000, h[i * 12 + 1]);
    CHECK(4, h[i * 12 + 2]);
    CHECK(i + 1, h[i * 12 + 3]);
    CHECK(7 + 3 + 1 + 20 + 300, h[i * 12 + 4]);
    CHECK(10 + 1 + i, h[i * 12 + 5]);
    CHECK(4 * 11, h[i * 12 + 6]);
    CHECK_NEAR(0.5f + i * (i + 1) / 2.0f, hf[64 + i], 1e-5);
    CHECK(i + 1, h[i * 12 + 7]);
    CHECK(i + 5, h[i * 12 + 8]);
    CHECK(3 * i, h[i * 12 + 9]);
    CHECK(2 * (i + 1), h[i * 12 + 10]);
    CHECK(2 * i, h[i * 12 + 11]);
  }
  int h2[6 * n];
  kernel2<<<1, n>>>(d);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(h2, d, sizeof h2, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) {
    int s = 0;
    for (int c = i; c < 10; c++) s += c;
    CHECK(6 + 60, h2[i * 6 + 0]);
    CHECK(i + 50, h2[i * 6 + 1]);
    CHECK(2 + i * 10 + i * 100, h2[i * 6 + 2]);
    CHECK(2 * i, h2[i * 6 + 3]);
    CHECK(s, h2[i * 6 + 4]);
    CHECK(2 * i + 3, h2[i * 6 + 5]);
  }
  cudaFree(d);
  cudaFree(df);
  return check_done("constructors");
}
