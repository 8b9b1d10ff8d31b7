"""Validation against the official Open Badges 3.0 AchievementCredential schema (kept in schemas/ob3/)."""

import functools
import json
from pathlib import Path

import jsonschema

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas" / "ob3"


@functools.cache
def _validator():
    schema = json.loads((SCHEMA_DIR / "achievementcredential.json").read_text())
    return jsonschema.Draft201909Validator(schema, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER)


def schema_errors(data: dict) -> list[str]:
    """What the official OB 3.0 AchievementCredential schema finds wrong (empty when valid)."""
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _validator().iter_errors(data)]
