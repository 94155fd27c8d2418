__global__ void k(float4x *a) {
}
