// SPDX-License-Identifier: Apache-2.0
//===- IRPrinter.h - stable text form of the model and kernel IR -----------===//
#pragma once

#include "ir/kernel/Kernel.h"

#include <string>

namespace bdl::ir {

/// Shortest text that reads back as the same double.
std::string formatNumber(double v);
/// Infix text of `e`; variables are named as `v`, `pre.v`, `post.ge`, `net.we`.
std::string printExpr(const Module &m, const ExprRef &e);
/// The model IR: groups with their variables, equations with the integrator
/// chosen for each and why, events, projections and the schedule.
std::string printModule(const Module &m);
/// The kernel IR, one block per kernel.
std::string printKernels(const KernelModule &km);

} // namespace bdl::ir
