"""Writes the framed gRPC request bodies h2load sends: grpc-Ping.bin (Empty) and grpc-Invoke.bin
(ActionRequest{action: "echo", parameters: {"text": "hello"}}) and grpc-Busy.bin (ActionRequest{action: "busy",
parameters: {"n": "20000"}}, bench/agents/busy-agent), into DIR. The protobuf is encoded by hand
(Surfaces/A2a/Protos/agent.proto): field 1 string action, field 2 map<string,string> entries (key=1, value=2)."""
import os
import struct
import sys


def varint(n):
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def field(number, payload):  # wire type 2: length-delimited
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def frame(message):  # uncompressed flag, 4-byte big-endian length, message
    return b"\x00" + struct.pack(">I", len(message)) + message


entry = field(1, b"text") + field(2, b"hello")
invoke = field(1, b"echo") + field(2, entry)
busy = field(1, b"busy") + field(2, field(1, b"n") + field(2, b"20000"))
for name, message in (("Ping", b""), ("Invoke", invoke), ("Busy", busy)):
    with open(os.path.join(sys.argv[1], "grpc-%s.bin" % name), "wb") as f:
        f.write(frame(message))
