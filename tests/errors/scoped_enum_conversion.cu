enum class E { A, B };
enum class F { X };

__device__ int take(int v) { return v; }

__global__ void k(int *p) {
  E e = E::A;
  int i = E::B;
  e = 1;
  p[0] = e + 1;
  if (e) p[1] = 1;
  p[2] = -e;
  p[3] = e == F::X;
  p[4] = take(E::A);
  e++;
  p[5] = (int)e + static_cast<int>(E::B) + (e == E::B);
}
