// SPDX-License-Identifier: Apache-2.0
//===- VectorMath.h - exp as inline straight-line code (internal) ----------===//
#pragma once

#include <llvm/IR/IRBuilder.h>

namespace llvm {
class TargetMachine;
}

namespace bdl::codegen {

/// exp(x), or with `minusOne` exp(x) - 1 without cancellation near 0, as
/// straight-line code at `b`'s insertion point, for a double or float `x`:
/// each precision has its own reduction and polynomial, so float code is
/// as short as float accuracy allows. Results below the smallest normal
/// number flush to 0, beyond the largest are +inf, NaN stays NaN.
/// Uses `b`'s fast-math flags (contraction) for its fused multiply-adds.
llvm::Value *emitInlineExp(llvm::IRBuilder<> &b, llvm::Value *x, bool minusOne);

/// Whether `tm`'s CPU has AVX-512, for which double exp is table-driven
/// (TableExp.cpp).
bool hasTableExp(const llvm::TargetMachine &tm);
/// The scalar function `bdl_exp_f64` (or with `minusOne` `bdl_expm1_f64`)
/// of `m`, created on first use with its vector forms for 2, 4, 8 and 16
/// lanes, which the loop vectoriser substitutes for it. Same accuracy as
/// emitInlineExp, with subnormal results kept.
llvm::Function *tableExpFunction(llvm::Module &m, bool minusOne);
/// After the optimisation pipeline, before an always-inliner: lets those
/// functions be inlined into their callers and removed.
void prepareExpFunctionsForInlining(llvm::Module &m);

} // namespace bdl::codegen
