std::vector<float> h_data(100);

__global__ void k(float *out) {
  out[0] = h_data[0];
}
