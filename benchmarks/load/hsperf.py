"""What a HotSpot JVM has allocated, read from its performance counters (the hsperfdata file
jstat reads), without attaching to it or pausing it.

HotSpot counts collections and the eden space's use, not allocation itself; with a fixed-size
young generation (-Xms equal to -Xmx, the serial collector), eden fills up before each young
collection, so what was allocated between two reads is the eden use gained, plus a full eden
for each collection in between. The error is the space left unused when a collection starts:
at most a TLAB or one large object per collection.
"""

import os
import pwd
import struct

EDEN_USED = "sun.gc.generation.0.space.0.used"
EDEN_CAPACITY = "sun.gc.generation.0.space.0.capacity"
COLLECTIONS = ("sun.gc.collector.0.invocations", "sun.gc.collector.1.invocations")
MAGIC = 0xCAFEC0C0


def counters_path(pid):
    # HotSpot writes it under /tmp on Linux whatever TMPDIR says.
    return os.path.join("/tmp", f"hsperfdata_{pwd.getpwuid(os.getuid()).pw_name}", str(pid))


def read_counters(path):
    """The file's long scalar counters by name (layout: HotSpot's perfMemory.hpp)."""
    with open(path, "rb") as f:
        data = f.read()
    if struct.unpack(">I", data[0:4])[0] != MAGIC:
        raise ValueError(f"{path} is not a HotSpot performance data file")
    order = "<" if data[4] == 1 else ">"
    entry_offset, entries = struct.unpack(order + "ii", data[24:32])
    found = {}
    offset = entry_offset
    for _ in range(entries):
        length, name_offset, vector_length, data_type, _, _, _, data_offset = struct.unpack(
            order + "iiicccci", data[offset:offset + 20])
        name_start = offset + name_offset
        name = data[name_start:data.index(b"\0", name_start)].decode()
        if data_type == b"J" and vector_length == 0:
            found[name] = struct.unpack(order + "q", data[offset + data_offset:offset + data_offset + 8])[0]
        offset += length
    return found


def eden_snapshot(pid):
    found = read_counters(counters_path(pid))
    return {"used": found[EDEN_USED], "capacity": found[EDEN_CAPACITY],
            "collections": sum(found.get(name, 0) for name in COLLECTIONS)}


def allocated_between(before, after):
    """Bytes allocated between two eden_snapshot readings."""
    collections = after["collections"] - before["collections"]
    if collections == 0:
        return after["used"] - before["used"]
    return (before["capacity"] - before["used"]) + (collections - 1) * before["capacity"] + after["used"]
