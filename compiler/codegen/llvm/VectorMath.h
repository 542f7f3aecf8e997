// SPDX-License-Identifier: Apache-2.0
//===- VectorMath.h - exp as inline straight-line code (internal) ----------===//
#pragma once

#include <llvm/IR/IRBuilder.h>

namespace bdl::codegen {

/// exp(x), or with `minusOne` exp(x) - 1 without cancellation near 0, as
/// straight-line code at `b`'s insertion point, for a double or float `x`:
/// each precision has its own reduction and polynomial, so float code is
/// as short as float accuracy allows. Results below the smallest normal
/// number flush to 0, beyond the largest are +inf, NaN stays NaN.
/// Uses `b`'s fast-math flags (contraction) for its fused multiply-adds.
llvm::Value *emitInlineExp(llvm::IRBuilder<> &b, llvm::Value *x, bool minusOne);

} // namespace bdl::codegen
