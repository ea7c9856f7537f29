"""Work on untrusted input (an uploaded workbook, document or template) in a child process with limits.

A parser that balloons, loops or aborts on a file built to make it do so (a sheet that declares
A1:XFD1048576, a document that inflates to gigabytes) takes down only the child: the web process or the
worker goes on and the page says why. The child is a fresh interpreter (`python -m parkops.core.isolation`),
not a fork: the worker's processes are daemons, which may not fork children through multiprocessing,
and a fresh interpreter carries none of the parent's memory, connections or secrets. It caps its own
address space and CPU time before it reads anything, writes no files, and answers through a pipe.

Functions run here import no Django: they take bytes and plain values and give plain values back.
"""

from __future__ import annotations

import importlib
import io
import os
import pickle
import resource
import signal
import subprocess
import sys
from dataclasses import dataclass

# What a child may send back besides builtins: the classes of the values and refusals that the
# functions run here return or raise. Anything else in its answer is refused, so even a child taken
# over through a parser's flaw cannot have the parent build an arbitrary object.
ALLOWED_CLASSES = {
    ("builtins", "set"), ("builtins", "frozenset"), ("builtins", "slice"),
    ("datetime", "datetime"), ("datetime", "date"), ("datetime", "time"), ("datetime", "timedelta"),
    ("decimal", "Decimal"),
    ("parkops.core.fileparse", "Row"), ("parkops.core.fileparse", "Table"), ("parkops.core.fileparse", "Sheet"),
    ("parkops.core.fileparse", "ParseRefused"),
    ("parkops.reports.tracing", "Figure"),
    ("parkops.reports.rendering", "RenderedReport"), ("parkops.reports.rendering", "Preview"),
    ("parkops.reports.rendering", "TemplateFailed"),
    ("parkops.reports.validation", "TemplateRefused"), ("parkops.reports.validation", "TemplateProblem"),
}
# Exceptions the child passes on as they are: the function's own refusals, in Chinese for the user.
PASSED_ON = {"ParseRefused", "TemplateFailed", "TemplateRefused"}
# Past the CPU limit, the child gets this long to be killed by the kernel before the parent kills it.
GRACE_SECONDS = 5


@dataclass(frozen=True)
class Limits:
    memory_mb: int
    seconds: int


class IsolatedFailure(Exception):
    """The child died or overran its limits: said in Chinese, without the file's name (the caller adds it)."""

    def __init__(self, message: str, *, reason: str):
        super().__init__(message)
        self.message = message
        self.reason = reason  # "memory", "time", "crash" (the child died) or "error" (the function raised)


def run(function: str, *args, limits: Limits):
    """`module:function`(*args) in a child process within `limits`; its result, or the exception it
    passed on, or IsolatedFailure."""
    request = pickle.dumps((function, args, limits), protocol=pickle.HIGHEST_PROTOCOL)
    try:
        finished = subprocess.run(
            [sys.executable, "-m", "parkops.core.isolation"], input=request, capture_output=True,
            timeout=limits.seconds + GRACE_SECONDS, env=_child_environment(), check=False,
        )
    except subprocess.TimeoutExpired:
        raise IsolatedFailure(f"处理时间超过{limits.seconds}秒，已中止", reason="time") from None
    if finished.returncode != 0 or not finished.stdout:
        raise _failure(finished.returncode, finished.stderr, limits)
    status, value = _SafeUnpickler(io.BytesIO(finished.stdout)).load()
    if status == "ok":
        return value
    if status == "raised":
        raise value
    if status == "memory":
        raise IsolatedFailure(f"处理时所需内存超过{limits.memory_mb}MB，已中止", reason="memory")
    raise IsolatedFailure(value, reason="error")  # an exception of the function's: its type's name


def _child_environment() -> dict[str, str]:
    # Only what Python needs to start: no database URL, secret key or mail password in the child.
    keep = ("PATH", "LANG", "LC_ALL", "HOME", "TMPDIR", "PYTHONPATH", "VIRTUAL_ENV")
    return {name: os.environ[name] for name in keep if name in os.environ}


def _failure(returncode: int, stderr: bytes, limits: Limits) -> IsolatedFailure:
    if returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        return IsolatedFailure(f"处理时间超过{limits.seconds}秒，已中止", reason="time")
    text = stderr.decode("utf-8", "replace")
    # A Rust or C parser that cannot get memory aborts the process (SIGABRT) rather than raising.
    if returncode == -signal.SIGABRT or "memory allocation" in text or "MemoryError" in text:
        return IsolatedFailure(f"处理时所需内存超过{limits.memory_mb}MB，已中止", reason="memory")
    return IsolatedFailure(f"处理进程异常退出（代码{returncode}）", reason="crash")


class _SafeUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if module == "builtins" and name in {"list", "dict", "tuple", "str", "bytes", "int", "float", "bool"}:
            return super().find_class(module, name)
        if (module, name) in ALLOWED_CLASSES:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} may not come from a child process")


def _limit_self(limits: Limits) -> None:
    memory = limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.seconds, limits.seconds + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))  # writes no file: answers go through the pipe
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _child_main() -> None:
    function, args, limits = pickle.loads(sys.stdin.buffer.read())  # from our own parent
    module_name, _, name = function.partition(":")
    target = getattr(importlib.import_module(module_name), name)
    _limit_self(limits)
    try:
        answer = ("ok", target(*args))
    except MemoryError:
        answer = ("memory", "")
    except Exception as error:  # noqa: BLE001 — every failure goes back to the parent, which decides
        answer = ("raised", error) if type(error).__name__ in PASSED_ON else ("error", type(error).__name__)
    try:
        payload = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        payload = pickle.dumps(("memory", ""))
    sys.stdout.buffer.write(payload)
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    _child_main()
