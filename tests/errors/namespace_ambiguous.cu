namespace a { __device__ int f(int x) { return x; } __device__ int v = 1; }
namespace b { __device__ int v = 2; }
__device__ int w = 3;
namespace c { __device__ int w = 4; }
using namespace a;
using namespace b;
using namespace c;

__global__ void k(int *p) {
  p[0] = v;
  p[1] = w;
  p[2] = a::g(1);
  p[3] = nope::f(1);
  p[4] = ::v;
}
