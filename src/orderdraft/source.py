"""Read YAML/JSON input safely and remember the line of every value.

PyYAML's ``safe_load`` forgets where values came from, so a semantic error ("refer-by date
before the order date") could not name its line. We compose the document into nodes, which
carry ``start_mark``, and build plain Python values plus a ``path -> line`` map ourselves.
While walking we refuse what makes untrusted YAML dangerous or ambiguous: aliases (size
blow-ups), duplicate keys (a silently lost value), very deep nesting and huge files.
"""

from __future__ import annotations

import json
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError

PathKey = tuple[str | int, ...]

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
# A real case file has ~100 values and a clause library file ~400. PyYAML composes some
# 10,000 nodes a second, so this cap also bounds the time a hostile file can cost (~2 s).
MAX_NODES = 20_000

_SCALAR = yaml.constructor.SafeConstructor()
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_CORE = "tag:yaml.org,2002:"
# The tags YAML's own resolver gives plain values: anything else was written by hand.
_PLAIN_TAGS = frozenset(
    _CORE + t
    for t in ("map", "seq", "str", "int", "float", "bool", "null", "timestamp", "merge", "value")
)


def _short_tag(tag: str) -> str:
    """``!!python/object`` names a YAML feature; an application tag is the user's own
    text (it could be anything, a name included), so it is not quoted."""
    return "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else "!name"


@dataclass(frozen=True)
class Loaded:
    """A parsed file: its data, and the line (1-based) of each value and key by path."""

    path: str
    data: Any
    lines: Mapping[PathKey, int] = field(default_factory=dict)
    # Values written as YAML block scalars (``|`` or ``>``): their text starts on the
    # line after the key, which matters when pointing at a line inside the text.
    blocks: frozenset[PathKey] = frozenset()
    # The text as written of plain scalars YAML read as numbers: a case number written
    # 0123 is the octal 83 to YAML 1.1, but the user meant the text "0123".
    raw: Mapping[PathKey, str] = field(default_factory=dict)

    def line_of(self, key: PathKey) -> int | None:
        """The line of ``key``, or of its nearest ancestor that has one."""
        while True:
            if key in self.lines:
                return self.lines[key]
            if not key:
                return None
            key = key[:-1]


def format_path(key: PathKey) -> str:
    """``("children", 1, "date_of_birth")`` -> ``children[1].date_of_birth``."""
    out = ""
    for part in key:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def read_text(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a user file as UTF-8 (BOM allowed), with one clear error for each way it fails."""
    name = str(path)
    try:
        if path.is_dir():
            raise InputError("is a folder, not a file", path=name)
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):  # reading a FIFO or a terminal would wait forever
            raise InputError("is not a regular file", path=name)
        size = st.st_size
        if size > max_bytes:
            raise InputError(
                f"is {size:,} bytes; the limit is {max_bytes:,} bytes. "
                "A case file or clause library is never this large — check you passed the "
                "right file",
                path=name,
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=name) from None
    except PermissionError:
        raise InputError("cannot be read: permission denied", path=name) from None
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror or exc}", path=name) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8 and try again",
            path=name,
            line=line,
        ) from None
    if not text.strip():
        raise InputError("is empty", path=name)
    return text


def load(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> Loaded:
    """Load a YAML or JSON file into plain data with line numbers."""
    text = read_text(path, max_bytes=max_bytes)
    return loads(text, str(path), is_json=path.suffix.lower() == ".json")


def loads(text: str, name: str, *, is_json: bool = False) -> Loaded:
    if is_json:
        return _loads_json(text, name)
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except _TooManyValues as exc:
        raise _too_many(name, exc) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "syntax error"
        raise InputError(
            f"is not valid YAML: {problem}",
            path=name,
            line=mark.line + 1 if mark else None,
        ) from None
    except yaml.reader.ReaderError as exc:
        # Raised before any mark exists, with a message quoting the input's position;
        # name the character and its line instead.
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise InputError(
            f"contains the character U+{char:04X}, which a YAML file cannot hold; remove it",
            path=name,
            line=text.count("\n", 0, exc.position) + 1,
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every other PyYAML error is marked
        raise InputError(f"is not valid YAML: {type(exc).__name__}", path=name) from None
    except RecursionError:
        raise InputError(
            f"is nested too deeply (more than {MAX_DEPTH} levels)", path=name
        ) from None
    if node is None:
        raise InputError("is empty", path=name)
    walker = _Walker(name, loader.alias_marks)
    data = walker.value(node, ())
    return Loaded(name, data, walker.lines, frozenset(walker.blocks), walker.raw)


def _loads_json(text: str, name: str) -> Loaded:
    """JSON values come from the json module; YAML nodes only supply the lines.

    JSON is not quite YAML 1.1: tabs between tokens are fine in JSON but not in YAML, and
    PyYAML decodes an escaped surrogate pair (``\\ud83d\\ude00``) as two lone surrogates.
    So the json module decides the data, and the YAML walk (tabs turned into spaces; JSON
    strings cannot hold raw tabs) gives each value's line and reports a duplicate key or
    deep nesting with its line, just as for a YAML file.
    """
    duplicate: InputError | None = None
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_json_keys(name))
    except json.JSONDecodeError as exc:
        raise InputError(f"is not valid JSON: {exc.msg}", path=name, line=exc.lineno) from None
    except RecursionError:
        raise InputError(
            f"is nested too deeply (more than {MAX_DEPTH} levels)", path=name
        ) from None
    except InputError as exc:
        duplicate, data = exc, None
    except ValueError:  # Python refuses integers of more than 4,300 digits
        raise InputError("is not valid JSON: a number is too long to read", path=name) from None
    try:
        node = yaml.compose(text.replace("\t", " "), Loader=_Loader)
    except _TooManyValues as exc:
        raise _too_many(name, exc) from None
    except (yaml.YAMLError, RecursionError):
        node = None  # valid JSON that PyYAML cannot read: the data stands, without lines
    walker = _Walker(name)
    if node is not None:
        walker.value(node, ())
    if duplicate is not None:
        raise duplicate
    return Loaded(name, data, walker.lines, frozenset(walker.blocks))


def _no_duplicate_json_keys(name: str) -> Any:
    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                raise InputError(f"key {key!r} appears twice; keep one", path=name)
            out[key] = value
        return out

    return hook


class _TooManyValues(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__()
        self.line = mark.line + 1


class _TooDeep(_TooManyValues):
    pass


def _too_many(name: str, exc: _TooManyValues) -> InputError:
    if isinstance(exc, _TooDeep):
        message = f"is nested more than {MAX_DEPTH} levels deep"
    else:
        message = f"has more than {MAX_NODES:,} values; refusing it"
    return InputError(message, path=name, line=exc.line)


class _Loader(yaml.SafeLoader):
    """Remembers where each alias was written.

    The composer hands back the anchored node itself for ``*name``, so its mark is the
    anchor's line; an error about the alias must point at the alias.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.alias_marks: dict[int, yaml.Mark] = {}
        self.composed = 0
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        # Counted while composing, not after: building 2 MB of one-character items into
        # nodes first would take a minute before the walker's count could refuse them.
        self.composed += 1
        if self.composed > MAX_NODES:
            raise _TooManyValues(self.peek_event().start_mark)  # type: ignore[no-untyped-call]
        # The walker names the path of a value nested past MAX_DEPTH; far deeper than that,
        # stop here, long before Python's recursion limit (slow to reach and unwind).
        if self.depth > 4 * MAX_DEPTH:
            raise _TooDeep(self.peek_event().start_mark)  # type: ignore[no-untyped-call]
        alias = self.check_event(yaml.AliasEvent)
        mark = self.peek_event().start_mark if alias else None  # type: ignore[no-untyped-call]
        self.depth += 1
        try:
            node = super().compose_node(parent, index)
        finally:
            self.depth -= 1
        if mark is not None and node is not None:
            self.alias_marks.setdefault(id(node), mark)
        return node


class _Walker:
    def __init__(self, name: str, alias_marks: dict[int, yaml.Mark] | None = None) -> None:
        self.name = name
        # Nodes are walked in document order, so the first time a node comes round again
        # is at the first alias written for it.
        self.alias_marks = alias_marks or {}
        self.lines: dict[PathKey, int] = {}
        self.seen: set[int] = set()
        self.blocks: set[PathKey] = set()
        self.raw: dict[PathKey, str] = {}
        self.count = 0

    def error(self, node: yaml.Node, key: PathKey, message: str) -> InputError:
        return InputError(
            message,
            path=self.name,
            line=node.start_mark.line + 1,
            field=format_path(key) or None,
        )

    def value(self, node: yaml.Node, key: PathKey) -> Any:
        if id(node) in self.seen:
            mark = self.alias_marks.get(id(node))
            raise InputError(
                "YAML aliases (*name) are not allowed; write the value out in full",
                path=self.name,
                line=(mark or node.start_mark).line + 1,
                field=format_path(key) or None,
            )
        self.seen.add(id(node))
        self.count += 1
        if self.count > MAX_NODES:
            raise self.error(node, key, f"has more than {MAX_NODES:,} values; refusing it")
        if len(key) > MAX_DEPTH:
            raise self.error(node, key, f"is nested more than {MAX_DEPTH} levels deep")
        self.lines[key] = node.start_mark.line + 1
        if node.tag not in _PLAIN_TAGS:
            # !!python/object and friends: never constructed, but never silently read as
            # plain data either, and so are application tags (!custom).
            raise self.error(node, key, f"YAML tags such as {_short_tag(node.tag)} are not allowed")
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for knode, vnode in node.value:
                if not isinstance(knode, yaml.ScalarNode) or knode.tag == "tag:yaml.org,2002:merge":
                    raise self.error(knode, key, "keys must be plain names (no merge keys '<<')")
                name = knode.value
                if name in out:
                    raise self.error(
                        knode, (*key, name), "this key appears twice; keep one"
                    )
                out[name] = self.value(vnode, (*key, name))
                self.lines[(*key, name)] = knode.start_mark.line + 1
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, (*key, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        if node.style in ("|", ">"):
            self.blocks.add(key)
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value  # dates are parsed by the schema, with a clear message
        if node.tag.startswith("tag:yaml.org,2002:") and node.tag != "tag:yaml.org,2002:binary":
            if node.tag in (_INT, _FLOAT):
                self.raw[key] = node.value
            try:
                return _SCALAR.construct_object(node)
            except (ValueError, yaml.YAMLError):
                return node.value
        raise self.error(node, key, f"YAML tags such as {node.tag} are not allowed")
