struct Vec2 {
  float x, y;
  __device__ Vec2(float a, float b) { x = a; y = b; }
  __device__ float dot(Vec2 o) { return x * o.x + y * o.y; }
};

__global__ void k(float *out) {
  Vec2 v(1, 2);
  out[0] = v.dot(v);
}
