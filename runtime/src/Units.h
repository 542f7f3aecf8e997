// SPDX-License-Identifier: Apache-2.0
//===- Units.h - dimensions as a model's descriptor writes them -----------===//
//
// Parsing and describing units is the units library's (support/units, shared
// with the compiler; Cli.cpp uses it). This header stays free of it because
// the CUDA/HIP sources bdlc prints include the descriptor's types too.

#ifndef BDLRT_UNITS_H
#define BDLRT_UNITS_H

#include <array>

namespace bdlrt {

/// SI base exponents in the descriptor's order: m, kg, s, A, K, mol, cd.
using Dims = std::array<double, 7>;

} // namespace bdlrt

#endif // BDLRT_UNITS_H
