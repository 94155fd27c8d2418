#error this unit needs a GPU
