#!/usr/bin/env python3
"""bench/chains.py DUMP: the HTTP layer's read-buffer chains in a heap dump of ogem or the hop.

Helidon 4.5's DataReader (one per connection, server and client side) keeps a consumed read buffer
(DataReader$Node) linked to the next one. Once a node that is still a connection's head reaches the
old generation (a survivor space overflowing, or a full collection moving it there), every buffer that
connection reads afterwards stays reachable from it and is promoted until the next full collection.
This tool shows how much of the heap such chains hold and on which side.

Take the dump with the unreachable objects included, under load:
    jcmd PID GC.heap_dump -all=true out/gateway.hprof
then: python3 bench/chains.py out/gateway.hprof

Per side (server: connections from clients; client: connections to the upstream) it prints the
connections, how many carry a chain of 20 buffers or more, and the buffers and bytes those chains hold.
"""
import mmap
import struct
import sys
from collections import defaultdict

NODE = 'io/helidon/common/buffers/DataReader$Node'
OWNERS = {'io/helidon/webserver/ConnectionHandler': 'server', 'io/helidon/webclient/api/TcpClientConnection': 'client'}
SIZES = {2: 8, 4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8}   # HPROF basic types (2: object id)
ROOT_SIZES = {0xFF: 8, 0x01: 16, 0x02: 16, 0x03: 16, 0x04: 12, 0x05: 8, 0x06: 12, 0x07: 8, 0x08: 16,
              0x89: 8, 0x8A: 8, 0x8B: 8, 0x8C: 8, 0x8D: 8, 0x8E: 16, 0x90: 8, 0xC3: 0}
U2, U4, U8 = struct.Struct('>H').unpack_from, struct.Struct('>I').unpack_from, struct.Struct('>Q').unpack_from


class Dump:
    """The records of an HPROF file with 8-byte identifiers that this tool needs."""

    def __init__(self, path):
        with open(path, 'rb') as f:
            self.m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        m = self.m
        pos = m.find(b'\0') + 1
        if U4(m, pos)[0] != 8:
            sys.exit('only dumps with 8-byte identifiers are read')
        pos += 12
        strings, names, self.segments = {}, {}, []
        while pos < len(m):
            tag, length, body = m[pos], U4(m, pos + 5)[0], pos + 9
            if tag == 0x01:
                strings[U8(m, body)[0]] = m[body + 8:body + length].decode('utf-8', 'replace')
            elif tag == 0x02:
                names[U8(m, body + 4)[0]] = U8(m, body + 16)[0]
            elif tag in (0x0C, 0x1C):
                self.segments.append((body, body + length))
            pos = body + length
        self.strings = strings
        self.class_name = {cid: strings.get(sid, '?') for cid, sid in names.items()}
        self.supers, self.fields, self.layouts = {}, {}, {}

    def walk(self, on_instance, on_bytes):
        """Calls on_instance(id, class name, reference fields) and on_bytes(id, length) for every object."""
        m = self.m
        for start, end in self.segments:
            p = start
            while p < end:
                t = m[p]
                p += 1
                if t == 0x20:
                    p = self._class_dump(p)
                elif t == 0x21:
                    oid, cid, n = U8(m, p)[0], U8(m, p + 12)[0], U4(m, p + 20)[0]
                    name = self.class_name.get(cid, '?')
                    if name == NODE or name in OWNERS or name == 'io/helidon/common/buffers/DataReader':
                        refs = {f: U8(m, p + 24 + off)[0] for f, off in self._layout(cid)}
                        on_instance(oid, name, refs)
                    p += 24 + n
                elif t == 0x22:
                    p += 24 + U4(m, p + 12)[0] * 8
                elif t == 0x23:
                    n, ty = U4(m, p + 12)[0], m[p + 16]
                    if ty == 8:
                        on_bytes(U8(m, p)[0], n)
                    p += 17 + n * SIZES[ty]
                else:
                    p += ROOT_SIZES[t]

    def _class_dump(self, p):
        m = self.m
        cid, q = U8(m, p)[0], p + 8 + 4 + 8 * 6 + 4
        self.supers[cid] = U8(m, p + 12)[0]
        for _ in range(U2(m, q)[0]):
            q += 3 + SIZES[m[q + 4]]
        q += 2
        for _ in range(U2(m, q)[0]):
            q += 9 + SIZES[m[q + 10]]
        q += 2
        fields = []
        for _ in range(U2(m, q)[0]):
            fields.append((self.strings.get(U8(m, q + 2)[0], '?'), m[q + 10]))
            q += 9
        self.fields[cid] = fields
        return q + 2

    def _layout(self, cid):
        """[(field, offset)] of the reference fields of an instance: own fields first, then the superclasses'."""
        if cid not in self.layouts:
            out, off, c = [], 0, cid
            while c:
                for name, ty in self.fields.get(c, []):
                    if ty == 2:
                        out.append((name, off))
                    off += SIZES[ty]
                c = self.supers.get(c, 0)
            self.layouts[cid] = out
        return self.layouts[cid]


def main():
    dump = Dump(sys.argv[1])
    nodes, side, lengths = {}, {}, {}

    def on_instance(oid, name, refs):
        if name == NODE:
            nodes[oid] = (refs.get('bytes', 0), refs.get('next', 0), refs.get('this$0', 0))
        elif name in OWNERS:
            side[refs.get('reader', 0)] = OWNERS[name]

    dump.walk(on_instance, lengths.__setitem__)
    linked = {nxt for (_, nxt, _) in nodes.values() if nxt}
    per_side = defaultdict(list)
    for first in (n for n in nodes if n not in linked):
        count, size, n = 0, 0, first
        while n in nodes:
            count, size, n = count + 1, size + lengths.get(nodes[n][0], 0), nodes[n][1]
        per_side[side.get(nodes[first][2], 'other')].append((count, size))
    print(f'{len(nodes)} read buffers (DataReader$Node) in the dump, live or not')
    for name, chains in sorted(per_side.items()):
        long = sorted((c for c in chains if c[0] >= 20), reverse=True)
        print(f'{name}: {len(chains)} connections, {len(long)} with a chain of 20 buffers or more: '
              f'{sum(c for c, _ in long)} buffers, {sum(s for _, s in long) / 2**20:.1f} MiB; '
              f'longest {[c for c, _ in long[:8]]}')


if __name__ == '__main__':
    main()
