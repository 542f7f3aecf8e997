// SPDX-License-Identifier: Apache-2.0
//===- Error.h - the one exception type of the runtime --------------------===//
//
// Anything the user can get wrong (a bad --set, an impossible fixed_indegree,
// an unwritable results directory) is thrown as an Error carrying the text
// that follows "error: ". bdlrt_main catches it; nothing crosses the C ABI.

#ifndef BDLRT_ERROR_H
#define BDLRT_ERROR_H

#include <stdexcept>
#include <string>

namespace bdlrt {

class Error : public std::runtime_error {
public:
  explicit Error(const std::string &message) : std::runtime_error(message) {}
};

} // namespace bdlrt

#endif // BDLRT_ERROR_H
