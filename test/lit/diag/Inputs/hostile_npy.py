# SPDX-License-Identifier: Apache-2.0
"""Writes .npy files that bdlc must refuse with a reason (E0611, E0612) into argv[1]."""

import os
import struct
import sys

import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)


def raw(name, header, data=b"", version=(1, 0)):
    """A file with this header dict, written byte by byte (numpy would refuse most of these)."""
    h = header.encode("latin1")
    h += b" " * (-(len(h) + 11) % 64) + b"\n"
    size = struct.pack("<H", len(h)) if version[0] == 1 else struct.pack("<I", len(h))
    with open(os.path.join(out, name), "wb") as f:
        f.write(b"\x93NUMPY" + bytes(version) + size + h + data)


# Values that are not numbers.
np.save(os.path.join(out, "nan.npy"), np.array([0.5, np.nan, 1.0]))
w = np.zeros((3, 4), dtype=np.float32)
w[1, 2] = -np.inf
np.save(os.path.join(out, "inf.npy"), w)
np.save(os.path.join(out, "finite.npy"), np.array([1.0, 2.0, 3.0]))

# Headers that cannot be trusted.
np.save(os.path.join(out, "f16.npy"), np.ones(3, dtype=np.float16))
np.save(os.path.join(out, "big-endian.npy"), np.ones(3, dtype=">f8"))
raw("negative.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (-3,), }", b"\0" * 24)
raw("huge.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (18446744073709551616,), }")
raw("absurd.npy", "{'descr': '<f99999999999999999999', 'fortran_order': False, 'shape': (3,), }", b"\0" * 24)
raw("version9.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", b"\0" * 24, (9, 0))
raw("truncated.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", b"\0" * 23)
# Version 2 with a 4-byte header length of 4 GiB - 1 and nothing after it.
with open(os.path.join(out, "claims-4gib.npy"), "wb") as f:
    f.write(b"\x93NUMPY\x02\x00" + struct.pack("<I", 0xFFFFFFFF) + b"{'descr'")
