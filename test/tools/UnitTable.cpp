// SPDX-License-Identifier: Apache-2.0
//===- UnitTable.cpp - prints the units table for run/unit-table.test -----===//
//
// One line per spelling the units library accepts: the spelling, its SI
// scale (%.17g) and the natural unit of its dimension, tab-separated. The lit
// test writes a model and a command line from these lines, so a unit added to
// the table is tested on both sides without anyone listing it again.

#include "units/Unit.h"

#include <cstdio>

int main() {
  for (const bdl::units::UnitSpelling &s : bdl::units::unitSpellings())
    std::printf("%s\t%.17g\t%s\n", s.text.c_str(), s.unit.scale, bdl::units::naturalUnit(s.unit.dim).c_str());
  return 0;
}
