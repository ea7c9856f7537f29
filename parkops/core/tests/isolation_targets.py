"""Functions the isolation tests run in a child process: each misbehaves the way a hostile file makes a
parser misbehave. Importable without Django, as everything run there must be."""

import os
import time


def echo(value):
    return value


def allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * 1024 * 1024))


def spin() -> None:
    while True:
        pass


def sleep_forever() -> None:
    time.sleep(3600)


def abort() -> None:
    os.abort()  # what a Rust or C parser does when it cannot get memory


def write_file(path: str) -> None:
    with open(path, "w") as out:
        out.write("x" * 10)


def environment() -> dict:
    return dict(os.environ)
