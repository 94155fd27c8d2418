struct F2 {
  float x, y;
};

__host__ __device__ F2 operator+(F2 a, F2 b) {
  return F2{a.x + b.x, a.y + b.y};
}
