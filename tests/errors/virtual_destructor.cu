struct Container {
  __device__ Container() {}
  __device__ virtual ~Container() {}
  int item;
};

__global__ void k(int *p) {
  Container c;
  p[0] = c.item;
}
