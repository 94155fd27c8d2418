__device__ void swap(int &a, int &b) {
  int t = a;
}
