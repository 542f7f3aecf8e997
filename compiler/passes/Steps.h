// SPDX-License-Identifier: Apache-2.0
//===- Steps.h - integration steps that lower-integrators delegates ---------===//
//
// The schemes with more machinery than a Runge-Kutta tableau each have a
// file: the fractional (Caputo) schemes and the adaptive Dormand-Prince step.
#pragma once

#include "ir/model/Module.h"

namespace bdl::passes {

/// The new value of a fractional equation's state after one step of
/// `method` (gl or l1). Registers the equation's history with `p`, and adds
/// the per-neuron var the runtime writes the history sum into.
ir::ExprRef fractionalStep(ir::Module &m, ir::Population &p, const ir::Equation &eq, ir::Method method);
/// The steps a fractional equation's history keeps: its window, or 0 for the
/// whole run.
std::int64_t historyWindow(const ir::Equation &eq, double dt);

} // namespace bdl::passes

namespace bdl::passes {

/// One global step of `eqs` (all rkf45) by Dormand-Prince 5(4) substeps with
/// per-neuron step-size control; appends the loop to `out` and returns the
/// locals holding the new values, in the order of `eqs`.
std::vector<ir::ExprRef> adaptiveStep(ir::Module &m, ir::Population &p, const std::vector<int> &eqs, ir::Block &out);

} // namespace bdl::passes
