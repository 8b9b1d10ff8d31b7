"""Functions a test runs in the file-check sandbox's child: a module of its own, light to import there."""

import json


def echo(data: bytes) -> dict:
    return {"text": data.decode()}


def loads(data: bytes):
    return json.loads(data)
