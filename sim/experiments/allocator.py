"""Keep the memory a run frees for the next run (glibc's malloc; elsewhere nothing).

A run allocates numpy arrays of a few hundred kB (a row per party over the
packages) and frees them when it ends. glibc normally serves such blocks from
its heap and keeps what is freed for the next run, because it raises its mmap
threshold each time it sees a mapped block freed. When the environment fixes
any malloc parameter, as Dask's nannies do with ``MALLOC_TRIM_THRESHOLD_``,
that sliding threshold is off: every array above 128 kB gets a mapping of its
own, and every run faults its pages in again, zero-filled (about 900 page
faults a baseline run; see benchmarks/RESULTS.md). Code that plays many runs
in a row sets two parameters itself, on any worker of any cluster:

- ``M_MMAP_THRESHOLD``: blocks below ``MMAP_THRESHOLD`` come from the heap;
- ``M_TOP_PAD``: keep ``TOP_PAD`` bytes of free heap above what is in use.

Peak memory does not change: what is kept is memory the runs had touched already.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import sys

M_TOP_PAD = -2
"""glibc's ``mallopt`` parameter: bytes of free heap kept when growing or trimming it."""
M_MMAP_THRESHOLD = -3
"""glibc's ``mallopt`` parameter: blocks at least this large get a mapping of their own."""
TOP_PAD = 16 * 2**20
MMAP_THRESHOLD = 32 * 2**20
"""glibc's own ceiling for its sliding threshold on 64-bit machines."""


@functools.cache
def keep_freed_memory() -> bool:
    """Set this process's malloc to keep freed memory for reuse; whether it took effect."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
        settings = ((M_TOP_PAD, TOP_PAD), (M_MMAP_THRESHOLD, MMAP_THRESHOLD))
        return all(libc.mallopt(option, value) == 1 for option, value in settings)
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return False
