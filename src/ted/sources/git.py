"""Git repositories as a source: ``git+https://host/owner/repo[@ref][#subdir]`` and ``git+file:///path``.

The repository is cloned once into the cache beside the database, then fetched. Listing a
commit is one ``git ls-tree`` (paths and blob ids, no content); each item's version is its
blob id, so the ingestion reads only the blobs that differ from the ones it stored: exactly the
files changed between the last ingested commit and the new one. Files it removed are not
listed any more, so their documents and facts are pruned. Blobs are read by id through one
``git cat-file --batch`` process (content-addressed: nothing can change under the reader), and
the working copy is checked out at the commit so that document pages can number the file's
lines as for a local folder.

The git command line rather than a library (pygit2, dulwich, GitPython): it is installed
wherever git repositories are, speaks every transport and credential helper the user has
configured (ssh keys, tokens), does partial fetches well, and its plumbing output is stable.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from ted.sources.base import SourceError, UnsupportedSource, WalkProblem, register_source
from ted.sources.cache import slot

TIMEOUT = 900  # seconds for one clone or fetch: a large repository over a slow link
_ENV = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "true", "LC_ALL": "C"}


@dataclass(frozen=True)
class GitSpec:
    spec: str  # as the user wrote it
    remote: str  # what git clones: https://host/owner/repo or /abs/path
    ref: str | None
    subdir: str


def parse_spec(spec: str) -> GitSpec:
    """``git+SCHEME://host/path[@ref][#subdir]`` → the remote git understands, the ref, the folder inside."""
    body, _, fragment = spec[len("git+"):].partition("#")
    parts = urlsplit(body)
    path, ref = parts.path, None
    if "@" in path:
        path, ref = path.rsplit("@", 1)
        ref = unquote(ref) or None
    subdir = "/".join(p for p in unquote(fragment).split("/") if p and p != ".")
    if ".." in subdir.split("/"):
        raise UnsupportedSource(f"« {spec} » : le dossier après # doit être un chemin dans le dépôt, sans « .. »")
    if parts.scheme == "file":
        if parts.netloc not in ("", "localhost"):
            raise UnsupportedSource(f"« {spec} » : une adresse git+file:// doit désigner un chemin local")
        remote = unquote(path)
    elif parts.scheme in ("https", "http", "ssh"):
        if not parts.netloc:
            raise UnsupportedSource(f"« {spec} » : il manque le nom du serveur (git+https://serveur/proprietaire/depot)")
        remote = f"{parts.scheme}://{parts.netloc}{path}"
    else:
        raise UnsupportedSource(f"« {spec} » : TED lit les dépôts git+https://, git+ssh:// et git+file://")
    return GitSpec(spec, remote, ref, subdir)


def forge_url(remote: str, commit: str, path: str) -> str:
    """The page showing ``path`` at ``commit`` on the forge the remote is on, or "" when the URL does not tell."""
    parts = urlsplit(remote)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return ""
    base = f"https://{parts.hostname}{parts.path.removesuffix('/').removesuffix('.git')}"
    host = parts.hostname.lower()
    quoted = quote(path)
    if host == "github.com" or "github" in host.split("."):
        return f"{base}/blob/{commit}/{quoted}"
    if "gitlab" in host or host == "framagit.org":
        return f"{base}/-/blob/{commit}/{quoted}"
    if host in ("codeberg.org", "gitea.com") or "gitea" in host or "forgejo" in host:
        return f"{base}/src/commit/{commit}/{quoted}"
    return ""


def _git(args: list[str], spec: str, cwd: Path | None = None, timeout: int = TIMEOUT) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, env=_ENV, capture_output=True, timeout=timeout, check=False)
    except FileNotFoundError:
        raise SourceError(f"« {spec} » : la commande git n'est pas installée sur cette machine") from None
    except subprocess.TimeoutExpired:
        raise SourceError(f"« {spec} » : git n'a pas répondu en {timeout} s ; réessayez plus tard") from None
    if done.returncode != 0:
        lines = [line for line in done.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
        raise _GitFailed(lines[-1].strip() if lines else f"code {done.returncode}")
    return done.stdout.decode("utf-8", "surrogateescape")


class _GitFailed(Exception):
    """git exited with an error: its last line of stderr."""


class BlobReader:
    """One ``git cat-file --batch`` process reading blobs by id."""

    def __init__(self, repo: Path) -> None:
        self._process = subprocess.Popen(["git", "cat-file", "--batch"], cwd=repo, env=_ENV, stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        weakref.finalize(self, _close, self._process)

    def read(self, oid: str) -> bytes:
        process = self._process
        assert process.stdin and process.stdout
        process.stdin.write(oid.encode() + b"\n")
        process.stdin.flush()
        header = process.stdout.readline().split()
        if len(header) != 3 or header[1] != b"blob":
            raise OSError(f"objet git {oid} introuvable")
        data = process.stdout.read(int(header[2]))
        process.stdout.read(1)  # the newline after the content
        return data


def _close(process: subprocess.Popen) -> None:
    if process.stdin:
        process.stdin.close()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()


@dataclass(frozen=True)
class GitItem:
    root: str  # the working copy's folder (and subdir) in the cache
    path: str  # relative to root
    oid: str  # blob id
    commit: str
    repo_path: str  # path inside the repository, for the forge link
    origin: str
    reader: BlobReader = field(compare=False, repr=False)

    @property
    def uri(self) -> str:
        return Path(self.root, self.path).as_uri()

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def media_type(self) -> str | None:
        return None

    @property
    def version(self) -> str:
        return self.oid

    @property
    def revision(self) -> str:
        return self.commit

    def changed_since(self, version: str) -> bool:
        return version != self.oid

    def read(self) -> bytes:
        return self.reader.read(self.oid)


@dataclass
class GitSource:
    """A repository at a ref (the remote's default branch when none is given), or one folder of it."""

    spec: GitSpec
    problems: list[WalkProblem] = field(default_factory=list)
    commit: str = ""

    @property
    def uri(self) -> str:
        return self.spec.spec

    @property
    def repo(self) -> Path:
        """The clone: one per remote and ref, since its working copy is the documents' root (two refs of one
        repository sharing it would prune each other's documents)."""
        return slot("git", f"{self.spec.remote}@{self.spec.ref or ''}")

    @property
    def root(self) -> Path:
        return self.repo / self.spec.subdir if self.spec.subdir else self.repo

    @property
    def prune_root(self) -> str | None:
        return str(self.root)

    def items(self) -> Iterator[GitItem]:
        with self._locked():
            self.commit = self._update()
            listing = self._list(self.commit)
        reader = BlobReader(self.repo)
        prefix = f"{self.spec.subdir}/" if self.spec.subdir else ""
        for oid, repo_path in listing:
            relative = repo_path[len(prefix):]
            yield GitItem(str(self.root), relative, oid, self.commit, repo_path,
                          forge_url(self.spec.remote, self.commit, repo_path), reader)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """One clone, fetch or checkout at a time per repository (a cron sync and a worker may overlap)."""
        self.repo.parent.mkdir(parents=True, exist_ok=True)
        with open(self.repo.with_name(self.repo.name + ".lock"), "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _update(self) -> str:
        """Clone or fetch, then check the working copy out at the ref's commit; return that commit."""
        spec = self.spec
        try:
            if not (self.repo / ".git").is_dir():
                tmp = self.repo.with_name(self.repo.name + ".tmp")
                shutil.rmtree(tmp, ignore_errors=True)  # left by a clone that was interrupted
                _git(["clone", "--quiet", "--no-checkout", "--", spec.remote, str(tmp)], spec.spec)
                tmp.rename(self.repo)
            else:
                _git(["fetch", "--quiet", "--prune", "--tags", "--force", "origin"], spec.spec, self.repo)
        except _GitFailed as error:
            raise SourceError(f"« {spec.spec} » : dépôt git introuvable ou inaccessible ({error}) ; vérifiez l'adresse "
                              "et vos droits d'accès") from None
        commit = self._resolve()
        try:
            _git(["checkout", "--quiet", "--force", "--detach", commit], spec.spec, self.repo)
        except _GitFailed as error:
            raise SourceError(f"« {spec.spec} » : impossible d'extraire le commit {commit[:12]} ({error})") from None
        return commit

    def _resolve(self) -> str:
        ref = self.spec.ref
        candidates = [f"origin/{ref}", ref] if ref else ["origin/HEAD", "HEAD"]
        for candidate in candidates:
            try:
                return _git(["rev-parse", "--verify", "--quiet", f"{candidate}^{{commit}}"], self.spec.spec,
                            self.repo).strip()
            except _GitFailed:
                continue
        what = f"la référence « {ref} » (branche, étiquette ou commit)" if ref else "une branche par défaut"
        raise SourceError(f"« {self.spec.spec} » : le dépôt n'a pas {what}")

    def _list(self, commit: str) -> list[tuple[str, str]]:
        """(blob id, path in the repository) of the regular files under the subdir, hidden paths skipped."""
        args = ["ls-tree", "-r", "-z", "--full-tree", commit]
        if self.spec.subdir:
            args += ["--", self.spec.subdir]
        out = _git(args, self.spec.spec, self.repo)
        found = []
        for record in out.split("\0"):
            if not record:
                continue
            meta, _, path = record.partition("\t")
            mode, kind, oid = meta.split()
            if kind != "blob" or any(part.startswith(".") for part in path.split("/")):
                continue  # submodules; hidden files and folders, as in a local folder
            if mode == "120000":
                self.problems.append(WalkProblem(path, "lien symbolique dans le dépôt : non suivi"))
                continue
            found.append((oid, path))
        if self.spec.subdir and not found:
            raise SourceError(f"« {self.spec.spec} » : le dossier « {self.spec.subdir} » n'existe pas dans le dépôt "
                              f"(commit {commit[:12]}) ou ne contient aucun fichier")
        return found


@register_source("git+https", "git+http", "git+ssh", "git+file")
def open_git(spec: str) -> GitSource:
    return GitSource(parse_spec(spec))
