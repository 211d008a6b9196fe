"""Run one command, wait for it, and print `SECONDS PEAK_KIB EXIT_CODE` on stdout.

    python -I -S bench/spawn.py COMMAND [ARG...]

bench/run starts this for every timed run rather than starting the command itself, because
Linux counts the address space a child was forked from into the child's peak memory: at exec,
the old space's high-water mark goes into the child's `ru_maxrss`. Started straight from the
runner (tens of MiB, more once it has generated data), `python -c pass` would report the
runner's size. Started with `python -I -S` and importing nothing, this process is about 8 MiB,
less than anything measured, so `ru_maxrss` from `os.wait4` is the command's own peak.

The time is `time.perf_counter` around `os.posix_spawnp` and `os.wait4`, so this process's own
start-up is not in it. The command's stdin and stdout are /dev/null; its stderr is ours.
"""

import os
import sys
import time


def main() -> None:
    argv = sys.argv[1:]
    quiet = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0), (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)]
    started = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=quiet)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    print(f"{seconds:.6f} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}", flush=True)


if __name__ == "__main__":
    main()
