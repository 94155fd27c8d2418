struct Shape {
  __device__ virtual float area() const { return 0; }
};

__global__ void k(float *out) {
  Shape s;
  out[0] = s.area();
}
