"""Hand-made gRPC messages for curl (no grpc tooling on these machines), standard library only.

  grpc_frame.py invoke ACTION [KEY=VALUE ...] > body   framed pixell.agent.ActionRequest
  grpc_frame.py empty > body                           framed empty message (Ping, Health/Check)
  grpc_frame.py decode < body                          prints the response's fields as JSON {"1": ..., "2": ...}
"""
import json
import struct
import sys


def varint(n):
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def field(number, payload):
    """A length-delimited field (wire type 2)."""
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def frame(message):
    return b"\x00" + struct.pack(">I", len(message)) + message


def invoke(action, pairs):
    message = field(1, action.encode())
    for pair in pairs:
        key, _, value = pair.partition("=")
        message += field(2, field(1, key.encode()) + field(2, value.encode()))
    return message


def read_varint(data, i):
    shift = result = 0
    while True:
        byte = data[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return result, i


def decode(data):
    if len(data) < 5 or data[0] != 0:
        raise SystemExit("not an uncompressed gRPC frame: %r" % data[:16])
    (length,) = struct.unpack(">I", data[1:5])
    message, fields, i = data[5:5 + length], {}, 0
    while i < len(message):
        key, i = read_varint(message, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = read_varint(message, i)
        elif wire == 2:
            size, i = read_varint(message, i)
            raw, i = message[i:i + size], i + size
            value = raw.decode("utf-8", "replace")
        else:
            raise SystemExit("unexpected wire type %d" % wire)
        fields.setdefault(str(number), value)
    return fields


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "invoke":
        sys.stdout.buffer.write(frame(invoke(sys.argv[2], sys.argv[3:])))
    elif command == "empty":
        sys.stdout.buffer.write(frame(b""))
    elif command == "decode":
        print(json.dumps(decode(sys.stdin.buffer.read())))
    else:
        raise SystemExit(__doc__)
