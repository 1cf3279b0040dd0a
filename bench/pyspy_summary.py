#!/usr/bin/env python
"""Summarise py-spy raw (collapsed) stacks: where a server spends its samples.

    python bench/pyspy_summary.py PROFILE.txt [--top 40] [--grep TEXT]

Prints the functions with the largest inclusive share (a function counted once per stack) and
the largest self share (the innermost frame), ignoring idle threads py-spy already dropped.
"""

import argparse
import re
from collections import Counter

FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>[^:()]+)(?::\d+)?\)$")


def short(frame: str) -> str:
    match = FRAME.match(frame)
    if not match:
        return frame
    path = match["file"]
    for marker in ("site-packages/", "python3.13/", "/work/main/", "/tmp/qb-src/"):
        if marker in path:
            path = path.split(marker, 1)[1]
    return f"{match['func']} ({path})"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("profile")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--grep", help="only stacks containing this text")
    args = parser.parse_args()
    inclusive, self_time = Counter(), Counter()
    total = 0
    with open(args.profile) as f:
        for line in f:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            if not stack or (args.grep and args.grep not in stack):
                continue
            n = int(count)
            frames = [short(fr) for fr in stack.split(";")]
            total += n
            for name in set(frames):
                inclusive[name] += n
            self_time[frames[-1]] += n
    print(f"{total} samples")
    print("\ninclusive:")
    for name, n in inclusive.most_common(args.top):
        print(f"  {n / total:6.1%}  {name}")
    print("\nself:")
    for name, n in self_time.most_common(args.top):
        print(f"  {n / total:6.1%}  {name}")


if __name__ == "__main__":
    main()
