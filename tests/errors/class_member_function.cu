struct Vec2 {
  float x, y;
  __device__ float dot(Vec2 o) { return x * o.x + y * o.y; }
};
