struct Opaque;

__device__ unsigned long f() {
  return sizeof(struct Opaque);
}
