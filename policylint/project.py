"""The project policylint runs in, and what a policy from an untrusted branch may make it read or write.

Policies arrive in pull requests. Git stores symbolic links, so a branch can hold `policies/p.yaml -> ~/.netrc` or
`policies/rendered -> ../.git/hooks`. The boundary is the repository: the git top level above the folder policylint
runs in, or that folder itself when it is in no repository. Configuration is searched for no higher than it,
evidence sources are read only inside it (or under configured `source-roots`), and links inside it may not lead a
read or a write out of it.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path


def project_root(start: Path | None = None) -> Path:
    """The nearest folder from `start` (default: the current one) upwards that holds `.git` (a folder, or the file
    a worktree or submodule has); `start` itself when there is none. Resolved: links in it are followed."""
    here = Path(os.path.realpath(start or Path.cwd()))
    for folder in (here, *here.parents):
        if os.path.lexists(folder / ".git"):
            return folder
    return here


def is_within(path: str | os.PathLike[str], root: str | os.PathLike[str]) -> bool:
    """Whether `path` is `root` or below it (both taken as given: make them absolute or real first)."""
    path, root = os.fspath(path), os.fspath(root)
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:  # one absolute and one relative, or different drives
        return False


def hidden_part(path: str | os.PathLike[str], root: str | os.PathLike[str]) -> str | None:
    """The first folder or file name below `root` on the way to `path` that starts with a dot (`.git`, `.env`)."""
    relative = os.path.relpath(path, root)
    return next((part for part in Path(relative).parts if part.startswith(".") and part not in (".", "..")), None)


def link_out_of(path: str | os.PathLike[str], root: Path) -> str | None:
    """Where `path`, named inside `root`, is led out of it by a symbolic link: the real path it reaches, or None.

    A path named outside the root (`policylint check /tmp/p.yaml`) is the user's choice, not the repository's, and
    is not judged here."""
    named = os.path.abspath(path)
    if not is_within(named, root):
        return None
    real = os.path.realpath(named)
    return None if is_within(real, root) else real


def first_link_below(path: str | os.PathLike[str], root: Path) -> str | None:
    """The first component of `path` at or below `root` that is a symbolic link (the file itself included), as
    named; None when there is none. Components above the root are the machine's layout, which no branch can
    change, and are not judged."""
    named = Path(os.path.abspath(path))
    if not is_within(named, root):
        return str(named) if named.is_symlink() else None
    current = root
    for part in named.relative_to(root).parts:
        current = current / part
        if current.is_symlink():
            return str(current)
    return None


def slug(name: str) -> str:
    """A file name from an organisation's name: "Acme Ltd." -> "acme-ltd"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-") or "privacy-policy"
