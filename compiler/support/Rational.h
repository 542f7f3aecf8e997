// SPDX-License-Identifier: Apache-2.0
//===- Rational.h - the exact rationals of dimension exponents, by name ----===//
//
// The class lives in the units library (support/units/Rational.h), which the
// compiler and the generated executables' runtime share; the AST and the
// parser name exponents support::Rational, as before.
#pragma once

#include "units/Rational.h"

namespace bdl::support {
using units::Rational;
} // namespace bdl::support
