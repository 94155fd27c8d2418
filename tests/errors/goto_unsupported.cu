__device__ int f(int x) {
  if (x) goto done;
  x = 1;
done:
  return x;
}
