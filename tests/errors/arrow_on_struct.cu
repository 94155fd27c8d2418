struct P {
  float x;
};

__device__ float f(struct P p) {
  return p->x;
}
