"""Run the parsing of an uploaded file in a child process with limits on CPU time and memory, so that a
hostile file (a PDF bomb, a pathological JSON) can never tie up or exhaust a web worker. Children come from a
fork server (multiprocessing's "forkserver"): a clean, single-threaded process started once, with Django and the
parsers loaded, so that a child neither inherits the web process's threads and locks nor pays for imports. A
child never touches the database and sends back a small result; if it runs out of time or memory, the answer
is None."""

import multiprocessing
import resource
from pathlib import Path

from django.conf import settings


def _vm_size() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


def _child(connection, function, args, cpu_seconds: int, memory_bytes: int):
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
        limit = _vm_size() + memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        connection.send(("ok", function(*args)))
    except MemoryError:
        connection.send(("limit", "memory"))
    except Exception as error:  # noqa: BLE001 - any failure to read the file is an answer
        connection.send(("error", f"{error.__class__.__name__}: {error}"[:300]))
    finally:
        connection.close()


_context = None


def _fork_server():
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(["apps.verification.sandbox_boot"])
    return _context


def run_limited(function, *args):
    """function(*args) in a child under the limits in settings; None if it failed or ran out."""
    context = _fork_server()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_child,
        args=(
            sender,
            function,
            args,
            settings.VERIFY_FILE_CPU_SECONDS,
            settings.VERIFY_FILE_MEMORY_MB * 1024 * 1024,
        ),
        daemon=True,
    )
    process.start()
    sender.close()
    try:
        if receiver.poll(settings.VERIFY_FILE_CPU_SECONDS + 5):
            try:
                status, value = receiver.recv()
            except (EOFError, OSError):
                return None  # killed by a limit before it could answer
            return value if status == "ok" else None
        return None
    finally:
        process.join(timeout=1)
        if process.is_alive():
            process.kill()
            process.join()
        receiver.close()
