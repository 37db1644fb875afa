"""Views hand every write to a service: no views module saves, deletes, creates or updates a row,
or opens a transaction of its own (README, "Layout": writes go through services.py, each in a
transaction). The check reads the views' source with ast, so a write in a branch no other test
reaches is found too, named by file and line."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("goals", "processes", "recruitment", "vaxjo_riktning")

# The methods that write rows: a model's save and delete, a queryset's create, update, delete and
# their bulk and get-or-create relatives, and a model form's save.
WRITE_METHODS = frozenset(
    {
        "save",
        "delete",
        "create",
        "update",
        "bulk_create",
        "bulk_update",
        "get_or_create",
        "update_or_create",
    }
)

# Receivers whose methods of those names write no row: the messages framework, the cache, and
# the dicts a view fills (the template context, the session).
NOT_MODEL_RECEIVERS = frozenset({"messages", "cache", "context", "request.session"})

# Writes in views not yet moved to a service, keyed by file, the function the write is in and the
# call, not by line, so edits around an entry do not matter and a new write anywhere else, also
# elsewhere in the same file, fails. Remove an entry when its write moves to a service: a stale
# entry fails too. Empty: every view hands its writes to a service.
ALLOWED: dict[tuple[str, str, str], str] = {}


@dataclass(frozen=True)
class Write:
    path: str
    line: int
    function: str  # the enclosing function's name; "" at module level
    call: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.path, self.function, self.call)

    def __str__(self) -> str:
        where = f" in {self.function}()" if self.function else ""
        return f"{self.path}:{self.line}{where}: {self.call}"


class _Finder(ast.NodeVisitor):
    def __init__(self, path: str) -> None:
        self.path = path
        self.functions: list[str] = []
        self.found: list[Write] = []

    def _add(self, node: ast.AST, call: str) -> None:
        function = self.functions[-1] if self.functions else ""
        self.found.append(Write(self.path, node.lineno, function, call))

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        # Decorators belong to the function they decorate (@transaction.atomic on a view).
        self.functions.append(node.name)
        self.generic_visit(node)
        self.functions.pop()

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in WRITE_METHODS:
            receiver = ast.unparse(func.value)
            if receiver not in NOT_MODEL_RECEIVERS:
                self._add(node, f"{receiver}.{func.attr}()")
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        # transaction.atomic as a decorator, a context manager or a call.
        if node.attr == "atomic" and ast.unparse(node.value) == "transaction":
            self._add(node, "transaction.atomic")
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.module == "django.db.transaction" and any(a.name == "atomic" for a in node.names):
            self._add(node, "transaction.atomic")


def writes_in(source: str, path: str = "<source>") -> list[Write]:
    finder = _Finder(path)
    finder.visit(ast.parse(source))
    return sorted(finder.found, key=lambda w: w.line)


def views_modules() -> list[Path]:
    found = set()
    for app in APPS:
        for pattern in ("**/views.py", "**/views/*.py"):
            found.update((ROOT / app).glob(pattern))
    return sorted(found)


def all_writes() -> list[Write]:
    writes = []
    for path in views_modules():
        writes += writes_in(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())
    return writes


def test_no_view_writes_a_row_or_opens_a_transaction():
    modules = {p.relative_to(ROOT).as_posix() for p in views_modules()}
    # The glob must keep finding the views, or the test would pass on nothing.
    assert {"processes/views.py", "recruitment/views/supply.py"} <= modules
    new = [w for w in all_writes() if w.key not in ALLOWED]
    assert not new, "Move these writes to the app's services.py:\n" + "\n".join(map(str, new))


def test_every_allowed_write_is_still_there():
    present = {w.key for w in all_writes()}
    stale = [key for key in ALLOWED if key not in present]
    assert not stale, f"These writes are gone or moved: take them off ALLOWED: {stale}"


def test_the_check_finds_a_write_and_lets_other_calls_be():
    source = """
from django.db import transaction

@transaction.atomic
def view(request, obj, form, cache, context):
    obj.save()
    form.save()
    Model.objects.filter(pk=1).update(title="x")
    messages.success(request, "Saved.")
    cache.delete("key")
    context.update({"a": 1})
    with transaction.atomic():
        pass
"""
    assert [(w.line, w.function, w.call) for w in writes_in(source)] == [
        (4, "view", "transaction.atomic"),
        (6, "view", "obj.save()"),
        (7, "view", "form.save()"),
        (8, "view", "Model.objects.filter(pk=1).update()"),
        (12, "view", "transaction.atomic"),
    ]
