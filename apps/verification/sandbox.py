"""Run the parsing of an uploaded file in a child process with limits on CPU time and memory, so that a
hostile file (a PDF bomb, a pathological JSON) can never tie up or exhaust a web worker. Children come from a
fork server (multiprocessing's "forkserver"): a clean, single-threaded process started once, with Django and the
parsers loaded, so that a child neither inherits the web process's threads and locks nor pays for imports. A
child never touches the database.

What crosses back is as small as the web process can afford, whatever the file: the caller names the fields of
the answer (their types, and how long each string may be), the child sends exactly those as JSON, never a
pickle and never the parsed file, and the web process reads at most REPLY_MAX_BYTES of it. The file goes to the
child through the same pipe, without being copied into a pickle. If the child runs out of time or memory, fails,
or answers anything else, the answer is None."""

import json
import multiprocessing
import resource
from pathlib import Path

from django.conf import settings

# field name -> (type, longest string): the whole shape of a child's answer
Reply = dict[str, tuple[type, int]]

REPLY_MAX_BYTES = 8 * 1024
_EMPTY = {str: "", int: 0, bool: False}


def _vm_size() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


def fit(value, reply: Reply) -> dict:
    """The child's answer cut to the agreed shape: exactly the named fields, each string no longer than its cap."""
    if not isinstance(value, dict) or set(value) - set(reply):
        raise TypeError(f"the answer must have exactly the fields {sorted(reply)}")
    answer = {}
    for name, (kind, longest) in reply.items():
        field = value.get(name, _EMPTY[kind])
        if type(field) is not kind:
            raise TypeError(f"{name} must be {kind.__name__}")
        answer[name] = field[:longest] if kind is str else field
    return answer


def accept(raw: bytes, reply: Reply) -> dict | None:
    """The answer as the web process takes it: well-formed, of the agreed shape and within every cap, or None."""
    try:
        message = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(message, dict) or message.get("status") != "ok":
        return None
    value = message.get("value")
    if not isinstance(value, dict) or set(value) != set(reply):
        return None
    for name, (kind, longest) in reply.items():
        field = value[name]
        if type(field) is not kind or (kind is str and len(field) > longest):
            return None
    return value


def _child(connection, function, args, reply: Reply, cpu_seconds: int, memory_bytes: int, data_size: int):
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
        limit = _vm_size() + memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        data = connection.recv_bytes(data_size)
        message = {"status": "ok", "value": fit(function(data, *args), reply)}
    except MemoryError:
        message = {"status": "limit", "problem": "memory"}
    except Exception as error:  # noqa: BLE001 - any failure to read the file is an answer
        message = {"status": "error", "problem": f"{error.__class__.__name__}: {error}"[:300]}
    try:
        connection.send_bytes(json.dumps(message).encode())
    finally:
        connection.close()


_context = None


def _fork_server():
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(["apps.verification.sandbox_boot"])
    return _context


def run_limited(function, data: bytes, *args, reply: Reply) -> dict | None:
    """function(data, *args) in a child under the limits in settings, answered in the fields of `reply`; None if it
    failed, ran out, or answered more than REPLY_MAX_BYTES or anything but those fields."""
    context = _fork_server()
    connection, child_end = context.Pipe(duplex=True)
    process = context.Process(
        target=_child,
        args=(
            child_end,
            function,
            args,
            reply,
            settings.VERIFY_FILE_CPU_SECONDS,
            settings.VERIFY_FILE_MEMORY_MB * 1024 * 1024,
            len(data),
        ),
        daemon=True,
    )
    process.start()
    child_end.close()
    try:
        connection.send_bytes(data)
        if connection.poll(settings.VERIFY_FILE_CPU_SECONDS + 5):
            return accept(connection.recv_bytes(REPLY_MAX_BYTES), reply)
        return None
    except (EOFError, OSError):
        return None  # killed by a limit before it could answer, or an answer over the cap
    finally:
        process.join(timeout=1)
        if process.is_alive():
            process.kill()
            process.join()
        connection.close()
