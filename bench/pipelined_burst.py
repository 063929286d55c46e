#!/usr/bin/env python3
"""Pipelined burst: sends N beacon requests in one write on one connection and times until all
N answers arrived. Shows per-request costs that grow with the amount of buffered input.
Usage: pipelined_burst.py PORT [N] [ROUNDS]; prints the median seconds per burst."""

import socket
import statistics
import subprocess
import sys
import time

port = int(sys.argv[1])
count = int(sys.argv[2]) if len(sys.argv) > 2 else 1500
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
query = subprocess.run(["/usr/bin/python3", __file__.replace("pipelined_burst.py", "make_request.py")],
                       capture_output=True, text=True, check=True).stdout.strip()
request = (f"GET /csc-event?{query} HTTP/1.1\r\nHost: x\r\nUser-Agent: Mozilla/5.0 (X11; Linux "
           f"x86_64) Chrome/120.0\r\n\r\n").encode()
durations = []
for _ in range(rounds):
    with socket.create_connection(("127.0.0.1", port)) as connection:
        started = time.monotonic()
        connection.sendall(request * count)
        received, answers = b"", 0
        while answers < count:
            chunk = connection.recv(1 << 20)
            if not chunk:
                raise SystemExit("connection closed early")
            received += chunk
            answers = received.count(b"HTTP/1.1 200 OK")
        durations.append(time.monotonic() - started)
print(f"{count} pipelined requests ({len(request) * count} bytes): median "
      f"{statistics.median(durations):.3f} s per burst over {rounds} rounds")
