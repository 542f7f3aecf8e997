// SPDX-License-Identifier: Apache-2.0
//===- Cores.h - whether the machine has cores free for a team ------------===//

#ifndef BDLRT_CORES_H
#define BDLRT_CORES_H

namespace bdlrt {

/// True when the cores this process may run on cannot hold `threads`
/// threads beside the other runnable tasks of the machine (the kernel's
/// count in /proc/loadavg, which includes the caller and any of its team
/// not asleep). False when that cannot be read: the team is then judged by
/// its timings alone (TeamSchedule.h).
bool coresBusy(int threads);

} // namespace bdlrt

#endif // BDLRT_CORES_H
