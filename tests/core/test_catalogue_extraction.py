"""Every string marked for translation reaches the catalogue: makemessages reads only the usual names of the
translation functions, so a string marked through another name (`gettext_lazy as _lazy`) is never extracted
and its Georgian goes obsolete at the next `make messages`."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MARKING = {
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
# The names xgettext reads in Python, with the keywords makemessages adds.
EXTRACTED = MARKING | {"_"}


def test_translation_functions_are_imported_under_names_makemessages_reads():
    aliased = []
    for path in sorted([*(ROOT / "apps").rglob("*.py"), *(ROOT / "config").rglob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                for name in node.names:
                    if name.name in MARKING and (name.asname or name.name) not in EXTRACTED:
                        aliased.append(f"{path.relative_to(ROOT)}: {name.name} as {name.asname}")
    assert not aliased, aliased
