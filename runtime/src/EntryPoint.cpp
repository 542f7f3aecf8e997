// SPDX-License-Identifier: Apache-2.0
//===- EntryPoint.cpp - bdlrt_main of a one-process build -----------------===//
//
// In a file of its own so that the MPI library (runtime/mpi), linked before
// this archive, can define bdlrt_main instead: the linker then never pulls
// this member in, and the two definitions never meet.
#include "Ranks.h"

extern "C" int bdlrt_main(const bdlrt_model *model, int argc, char **argv) {
  return bdlrt::mainAlone(model, argc, argv);
}
