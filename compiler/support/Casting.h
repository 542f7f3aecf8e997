// SPDX-License-Identifier: Apache-2.0
//===- Casting.h - isa/cast/dynCast over kind-tagged class hierarchies -----===//
#pragma once

#include "support/Assert.h"

namespace bdl::support {

/// `To::classof(const From*)` decides membership, as in LLVM's casting.
template <class To, class From> bool isa(const From *p) { return p && To::classof(p); }

template <class To, class From> To *cast(From *p) {
  BDL_ASSERT(isa<To>(p), "cast to the wrong node kind");
  return static_cast<To *>(p);
}
template <class To, class From> const To *cast(const From *p) {
  BDL_ASSERT(isa<To>(p), "cast to the wrong node kind");
  return static_cast<const To *>(p);
}
template <class To, class From> To *dynCast(From *p) {
  return isa<To>(p) ? static_cast<To *>(p) : nullptr;
}
template <class To, class From> const To *dynCast(const From *p) {
  return isa<To>(p) ? static_cast<const To *>(p) : nullptr;
}

} // namespace bdl::support
