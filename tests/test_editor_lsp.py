"""The schema in an editor: a real yaml-language-server (the server behind VS Code's YAML extension, and Neovim's,
Helix's, Zed's...) over stdio, on policies in a repository outside this checkout whose modeline was printed by
`policylint schema --write schema`. It reports a misspelt key, offers enum values and the schema's snippets, shows a
key's description on hover, and fetches nothing from the network.

yaml-language-server comes from tests/js (pinned in its package-lock.json; .ci/run runs `npm ci --prefix tests/js`).
Without node or npm these tests skip, and under .ci/run (POLICYLINT_REQUIRE_NODE=1) fail, as tests/test_schema_ajv.py
does. The client below speaks just enough LSP (JSON-RPC with Content-Length framing) for that."""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import MINIMAL_POLICY, POLICIES, REPO
from test_schema_ajv import JS, node_with_packages

from policylint.loader import parse
from policylint.project import is_within
from policylint.schema import SCHEMA_FILE, load_schema, resolve
from policylint.validate import validate

pytestmark = pytest.mark.slow  # starts a language server: seconds, not milliseconds

SERVER = JS / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
INSTALL = ("these tests run yaml-language-server under Node.js: install node and npm (Debian, Ubuntu: apt-get install "
           "nodejs npm), then `npm ci --prefix tests/js`")
SCHEMA = load_schema()
TIMEOUT = 60  # seconds for any one answer: the first validation compiles the schema
CURSOR = "<|>"
ENUM_MEMBER = 12  # LSP's CompletionItemKind


class Proxy:
    """A TCP listener given to the server as its HTTP proxy: any attempt to fetch a schema or a catalogue lands here
    and is recorded (then dropped), so the tests can assert there was none."""

    def __init__(self) -> None:
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        self.requests: list[bytes] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _address = self.socket.accept()
            except OSError:  # closed
                return
            with connection:
                connection.settimeout(5)
                try:
                    self.requests.append(connection.recv(4096) or b"(connected, sent nothing)")
                except OSError:
                    self.requests.append(b"(connected)")

    def close(self) -> None:
        self.socket.close()


class LanguageServer:
    """yaml-language-server over stdio: requests wait for their answer; the server's own requests (its settings,
    capability registrations) are answered from a reader thread; notifications are kept."""

    def __init__(self, argv: list[str], settings: dict[str, Any], cwd: Path, env: dict[str, str]) -> None:
        self.settings = settings
        self.process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        cwd=cwd, env=env)
        self.next_id = 0
        self.answers: dict[int, dict[str, Any]] = {}
        self.notifications: list[dict[str, Any]] = []
        self.configuration_pulls = 0
        self.stderr: list[bytes] = []
        self.changed = threading.Condition()
        self.writing = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=lambda: self.stderr.extend(self.process.stderr or ()), daemon=True).start()

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        with self.writing:
            self.process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
            self.process.stdin.flush()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            headers: dict[str, str] = {}
            while True:
                line = stream.readline()
                if not line:  # the server has gone: wake whoever waits, to fail with its log
                    with self.changed:
                        self.changed.notify_all()
                    return
                if line.strip():
                    name, _, value = line.decode("ascii").partition(":")
                    headers[name.strip().lower()] = value.strip()
                elif headers:
                    break
            message = json.loads(stream.read(int(headers["content-length"])))
            if "method" in message and "id" in message:
                self._answer(message)
                continue
            with self.changed:
                if "method" in message:
                    self.notifications.append(message)
                else:
                    self.answers[message["id"]] = message
                self.changed.notify_all()

    def _answer(self, request: dict[str, Any]) -> None:
        result: Any = None  # client/registerCapability, window/workDoneProgress/create...
        if request["method"] == "workspace/configuration":
            result = [self.settings.get(item.get("section"), {}) for item in request["params"]["items"]]
        self._send({"id": request["id"], "result": result})
        if request["method"] == "workspace/configuration":
            with self.changed:
                self.configuration_pulls += 1
                self.changed.notify_all()

    def wait_for(self, condition: Callable[[], Any], what: str) -> Any:
        with self.changed:
            found = self.changed.wait_for(lambda: condition() or self.process.poll() is not None, TIMEOUT)
        assert found and self.process.poll() is None, f"no {what} from yaml-language-server:\n{self.log()}"
        return found

    def request(self, method: str, params: Any) -> Any:
        self.next_id += 1
        number = self.next_id
        self._send({"id": number, "method": method, "params": params})
        answer = self.wait_for(lambda: self.answers.pop(number, None), f"answer to {method}")
        assert "error" not in answer, f"{method}: {answer['error']}"
        return answer["result"]

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def log(self) -> str:
        return b"".join(self.stderr).decode("utf-8", "replace")[-4000:]

    def stop(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.process.wait(timeout=10)
        except (AssertionError, OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()


class Workspace:
    """A repository outside this checkout with the schema written by the real CLI, and policies opened in the
    server."""

    def __init__(self, root: Path, modeline: str, server: LanguageServer, proxy: Proxy) -> None:
        self.root, self.modeline, self.server, self.proxy = root, modeline, server, proxy
        self.versions: dict[str, int] = {}

    def open(self, name: str, text: str, modeline: bool = True) -> tuple[str, dict[str, int]]:
        """Write policies/NAME with the modeline first (unless told not to) and `text` below (CURSOR marks a
        position, removed), open it in the server; its URI and the cursor's LSP position."""
        text = f"{self.modeline}\n{text}" if modeline else text
        position = {"line": 0, "character": 0}
        if CURSOR in text:
            before = text[:text.index(CURSOR)]
            position = {"line": before.count("\n"), "character": len(before.rsplit("\n", 1)[-1])}
            text = text.replace(CURSOR, "", 1)
        path = self.root / "policies" / name
        path.write_text(text, encoding="utf-8")
        uri = path.as_uri()
        self.versions[uri] = self.versions.get(uri, 0) + 1
        self.server.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": self.versions[uri], "text": text}})
        return uri, position

    def diagnostics(self, uri: str) -> list[dict[str, Any]]:
        """The diagnostics the server publishes for the document after opening it: its first publication, once the
        schema is loaded (test_a_misspelt_key... would see an early empty one)."""
        def published() -> list[dict[str, Any]] | None:
            for note in reversed(self.server.notifications):
                if note["method"] == "textDocument/publishDiagnostics" and note["params"]["uri"] == uri:
                    return note["params"]["diagnostics"] or [{}]  # [{}]: published, and empty
            return None
        found: list[dict[str, Any]] = self.server.wait_for(published, f"diagnostics for {uri}")
        return [d for d in found if d]

    def completion(self, uri: str, position: dict[str, int]) -> list[dict[str, Any]]:
        result = self.server.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": position})
        return result["items"] if isinstance(result, dict) else result or []

    def hover(self, uri: str, position: dict[str, int]) -> str:
        result = self.server.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": position})
        return result["contents"]["value"] if result else ""


@contextlib.contextmanager
def started(tmp_path_factory: pytest.TempPathFactory, schemas: dict[str, str] | None = None) -> Iterator[Workspace]:
    """A new repository with the schema written by `policylint schema --write schema`, and yaml-language-server
    started on it with `schemas` as its `yaml.schemas` setting (none by default: the modeline alone names the
    schema)."""
    node = node_with_packages(INSTALL)
    root = tmp_path_factory.mktemp("user-repository").resolve()
    assert not is_within(root, REPO.resolve()), "the repository must be outside this checkout"
    subprocess.run(["git", "init", "-q", str(root)], check=True, timeout=60)
    (root / "policies").mkdir()
    # The real command line, as a user runs it at the top of their repository.
    written = subprocess.run([sys.executable, "-m", "policylint", "schema", "--write", "schema"], cwd=root,
                             capture_output=True, text=True, timeout=60)
    assert written.returncode == 0, written.stdout + written.stderr
    [modeline] = [line for line in written.stdout.splitlines() if line.startswith("# yaml-language-server:")]
    assert modeline == f"# yaml-language-server: $schema=../schema/{SCHEMA_FILE}"  # relative: no network, any clone
    proxy = Proxy()
    settings: dict[str, Any] = {
        "yaml": {"validate": True, "completion": True, "hover": True, "schemaStore": {"enable": False},
                 "kubernetesCRDStore": {"enable": False}, **({"schemas": schemas} if schemas else {})},
        "http": {"proxy": proxy.url, "proxyStrictSSL": False},
        "[yaml]": {"editor.tabSize": 2}, "editor": {"tabSize": 2},
    }
    env = {**os.environ, **{name: proxy.url for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")},
           "NO_PROXY": "", "no_proxy": ""}
    server = LanguageServer([node, str(SERVER), "--stdio"], settings, root, env)
    try:
        initialized = server.request("initialize", {
            "processId": os.getpid(), "rootUri": root.as_uri(),
            "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
            "capabilities": {
                "workspace": {"configuration": True, "didChangeConfiguration": {"dynamicRegistration": True}},
                "textDocument": {
                    "completion": {"completionItem": {"snippetSupport": True,
                                                      "documentationFormat": ["markdown", "plaintext"]}},
                    "hover": {"contentFormat": ["markdown", "plaintext"]},
                    "publishDiagnostics": {},
                }}})
        assert initialized["serverInfo"]["name"] == "yaml-language-server"
        server.notify("initialized", {})
        server.notify("workspace/didChangeConfiguration", {"settings": settings})
        # Documents are opened once the server has its settings, so it never runs with the schema store on.
        server.wait_for(lambda: server.configuration_pulls, "request for the settings")
        yield Workspace(root, modeline, server, proxy)
    finally:
        server.stop()
        proxy.close()
    assert proxy.requests == [], f"yaml-language-server tried the network: {proxy.requests}"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    with started(tmp_path_factory) as opened:
        yield opened


def key_position(text: str, key: str, occurrence: int = 0) -> dict[str, int]:
    """The position of the `key:` in a document, one line below where it is in `text` (the modeline comes first)."""
    lines = text.split("\n")
    found = [(i, line.index(f"{key}:")) for i, line in enumerate(lines) if re.match(rf"\s*(- )?{key}:", line)]
    line, character = found[occurrence]
    return {"line": line + 1, "character": character + 1}


def test_a_valid_policy_has_no_diagnostics(workspace: Workspace) -> None:
    """The baseline for the next test: the diagnostics there come from the misspelling alone."""
    uri, _position = workspace.open("valid.yaml", MINIMAL_POLICY)
    assert workspace.diagnostics(uri) == []


def test_a_misspelt_key_is_reported_by_the_written_schema(workspace: Workspace) -> None:
    text = MINIMAL_POLICY.replace("organisation:", "organisaton:")
    uri, _position = workspace.open("misspelt.yaml", text)
    diagnostics = workspace.diagnostics(uri)
    misspelt = [d for d in diagnostics if "organisaton" in d["message"]]
    assert misspelt, diagnostics
    assert misspelt[0]["range"]["start"]["line"] == key_position(text, "organisaton")["line"]
    assert misspelt[0]["severity"] == 1  # an error
    # The schema the modeline points at, the file `schema --write` wrote, is the one that judged.
    written = (workspace.root / "schema" / SCHEMA_FILE).as_uri()
    assert {uri for d in diagnostics for uri in d.get("data", {}).get("schemaUri", [])} == {written}
    assert any("organisation" in d["message"] for d in diagnostics)  # and the required key is missing


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.stem)
def test_the_editor_agrees_the_bundled_policies_are_valid(workspace: Workspace, policy: Path) -> None:
    """yaml-language-server's own validator (not jsonschema, not ajv) finds no error in a policy policylint accepts,
    so an author is not shown errors the linter would not report. Warnings (an unused YAML anchor) are its own."""
    uri, _position = workspace.open(f"bundled-{policy.name}", policy.read_text(encoding="utf-8"))
    errors = [(d["range"]["start"]["line"], d["message"]) for d in workspace.diagnostics(uri) if d["severity"] == 1]
    assert errors == []


def test_without_a_modeline_the_schema_is_not_applied(workspace: Workspace) -> None:
    """The control for the test above: the same file without its first line is not checked against the schema."""
    uri, _position = workspace.open("no-modeline.yaml", MINIMAL_POLICY.replace("organisation:", "organisaton:"),
                                    modeline=False)
    assert workspace.diagnostics(uri) == []


def test_vscode_yaml_schemas_setting_is_an_alternative_to_the_modeline(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """The README's setting, as VS Code sends it: the written schema applies to policies/*.yaml without a modeline."""
    with started(tmp_path_factory, {f"./schema/{SCHEMA_FILE}": "policies/*.yaml"}) as mapped:
        text = MINIMAL_POLICY.replace("organisation:", "organisaton:")
        uri, _position = mapped.open("mapped.yaml", text, modeline=False)
        diagnostics = mapped.diagnostics(uri)
        assert [d["range"]["start"]["line"] for d in diagnostics if "organisaton" in d["message"]] == [
            key_position(text, "organisaton")["line"] - 1], diagnostics  # no modeline: one line higher


@pytest.mark.parametrize("where,text", [
    ("$defs/recipient/properties/kind", MINIMAL_POLICY.replace("recipients: []", (
        f"recipients:\n  - id: payment-processor\n    kind: {CURSOR}\n"))),
    ("$defs/right_kind", MINIMAL_POLICY + f"rights:\n  statements:\n    - right: {CURSOR}\n"),
    ("$defs/retention_statement/properties/kind", MINIMAL_POLICY.replace("retention: []", (
        f"retention:\n  - kind: {CURSOR}\n"))),
], ids=["recipient-kind", "right", "retention-kind"])
def test_completion_at_an_enum_offers_the_schema_values(workspace: Workspace, where: str, text: str) -> None:
    node: Any = SCHEMA
    for part in where.split("/"):
        node = node[part]
    values = resolve(node, SCHEMA)["enum"]
    uri, position = workspace.open(f"enum-{where.split('/')[-1]}.yaml", text)
    items = workspace.completion(uri, position)
    assert sorted(item["label"] for item in items) == sorted(values)
    assert {item["kind"] for item in items} == {ENUM_MEMBER}


def inserted(text: str, position: dict[str, int], item: dict[str, Any]) -> str:
    """The document once an editor accepts the completion item with each placeholder at its default text. New lines
    of the snippet take the indentation of the line it is accepted on, as VS Code does."""
    lines = text.split("\n")
    line = lines[position["line"]]
    new = item.get("textEdit", {}).get("newText", item.get("insertText", item["label"]))
    start = item.get("textEdit", {}).get("range", {}).get("start", position)
    end = item.get("textEdit", {}).get("range", {}).get("end", position)
    assert start["line"] == end["line"] == position["line"], item
    indent = line[:len(line) - len(line.lstrip())]
    new = re.sub(r"\$\{[0-9]+:([^}]*)\}", r"\1", new.replace("\n", "\n" + indent))
    new = re.sub(r"\$\{?[0-9]+\}?", "", new)
    lines[position["line"]] = line[:start["character"]] + new + line[end["character"]:]
    return "\n".join(lines)


SNIPPET_PLACES = [
    ("#", f"{CURSOR}"),
    ("#/$defs/purpose", MINIMAL_POLICY.replace("purposes: []", f"purposes:\n  - {CURSOR}\n")),
    ("#/$defs/recipient", MINIMAL_POLICY.replace("recipients: []", f"recipients:\n  - {CURSOR}\n")),
    ("#/$defs/retention_statement", MINIMAL_POLICY.replace("retention: []", f"retention:\n  - {CURSOR}\n")),
    ("#/$defs/contact", MINIMAL_POLICY.replace("contacts: []", f"contacts:\n  - {CURSOR}\n")),
    ("#/$defs/channel", MINIMAL_POLICY.replace("contacts: []", (
        f"contacts:\n  - id: privacy\n    kind: privacy_office\n    channels:\n      - {CURSOR}\n"))),
    ("#/$defs/right", MINIMAL_POLICY + f"rights:\n  statements:\n    - {CURSOR}\n"),
    ("#/$defs/data_category", MINIMAL_POLICY.replace("data_categories: []", f"data_categories:\n  - {CURSOR}\n")),
]


@pytest.mark.parametrize("pointer,text", SNIPPET_PLACES, ids=[p.rsplit("/", 1)[-1] for p, _t in SNIPPET_PLACES])
def test_the_schema_snippets_are_offered_and_make_a_valid_policy(workspace: Workspace, pointer: str,
                                                                 text: str) -> None:
    node: Any = SCHEMA
    for part in pointer.split("/")[1:]:
        node = node[part]
    labels = [snippet["label"] for snippet in node["defaultSnippets"]]
    name = f"snippet-{pointer.rsplit('/', 1)[-1].strip('#') or 'skeleton'}"
    uri, position = workspace.open(f"{name}.yaml", text)
    offered = workspace.completion(uri, position)
    items = {item["label"]: item for item in offered}
    assert set(labels) <= set(items), sorted(items)
    # Each label once: a snippet called like a key ("right") would hide among, or hide, the key's completion.
    assert sorted(item["label"] for item in offered if item["label"] in labels) == sorted(labels)
    body = f"{workspace.modeline}\n{text.replace(CURSOR, '')}"
    for number, label in enumerate(labels):
        # Accepted, the snippet gives a policy that policylint and the server both find valid.
        result = inserted(body, {"line": position["line"], "character": position["character"]}, items[label])
        assert result.startswith(workspace.modeline + "\n"), result
        findings = validate(parse(result, label))
        assert [f"{f.line}: {f.message}" for f in findings] == [], f"{label}:\n{result}"
        accepted, _position = workspace.open(f"{name}-{number}.yaml", result.split("\n", 1)[1])
        assert workspace.diagnostics(accepted) == [], f"{label}:\n{result}"


def unescaped(markdown: str) -> str:
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!<>|])", r"\1", markdown)


@pytest.mark.parametrize("key,occurrence,schema_node", [
    ("organisation", 0, ("properties", "organisation")),
    ("schema_version", 0, ("properties", "schema_version")),
    ("period", 0, ("$defs", "retention_statement", "properties", "period")),
    ("kind", 1, ("$defs", "recipient", "properties", "kind")),
], ids=["organisation", "schema_version", "retention-period", "recipient-kind"])
def test_hover_on_a_key_shows_its_description(workspace: Workspace, key: str, occurrence: int,
                                              schema_node: tuple[str, ...]) -> None:
    text = MINIMAL_POLICY.replace("contacts: []", (
        "contacts:\n  - id: privacy\n    kind: privacy_office\n    channels:\n"
        "      - type: email\n        value: privacy@example.com\n")).replace("recipients: []", (
        "recipients:\n  - id: payment-processor\n    kind: payment_processor\n")).replace("retention: []", (
        "retention:\n  - kind: period\n    period: P6Y\n"))
    uri, _position = workspace.open(f"hover-{key}.yaml", text)
    node: Any = SCHEMA
    for part in schema_node:
        node = node[part]
    described = resolve(node, SCHEMA)
    shown = unescaped(workspace.hover(uri, key_position(text, key, occurrence)))
    assert described["description"] in shown, shown
    assert described["title"] in shown, shown


def test_the_policy_init_starts_is_checked_and_completed_in_the_editor(workspace: Workspace) -> None:
    """`policylint init` in the same repository (the schema is there already: init keeps it) writes a starter
    policy whose first line is the modeline; the server validates it, reports a misspelling in it, and completes a
    recipient's kind in it."""
    init = subprocess.run([sys.executable, "-m", "policylint", "init", "--organisation", "Acme Ltd", "--law", "gdpr"],
                          cwd=workspace.root, capture_output=True, text=True, timeout=60)
    assert init.returncode == 0, init.stdout + init.stderr
    assert f"schema/{SCHEMA_FILE}: is this version's schema" in init.stdout
    starter = (workspace.root / "policies" / "acme-ltd.yaml").read_text(encoding="utf-8")
    assert starter.splitlines()[0] == workspace.modeline
    uri, _position = workspace.open("acme-ltd.yaml", starter, modeline=False)
    assert workspace.diagnostics(uri) == []
    misspelt = starter.replace("\norganisation:", "\norganisaton:")
    uri, _position = workspace.open("acme-misspelt.yaml", misspelt, modeline=False)
    assert any("organisaton" in d["message"] for d in workspace.diagnostics(uri))
    completing = starter.replace("recipients: []", f"recipients:\n  - id: payments\n    kind: {CURSOR}")
    uri, position = workspace.open("acme-completion.yaml", completing, modeline=False)
    offered = {item["label"] for item in workspace.completion(uri, position)}
    assert offered == set(SCHEMA["$defs"]["recipient"]["properties"]["kind"]["enum"])


def test_nothing_was_fetched(workspace: Workspace) -> None:
    """After the tests above (the fixture checks again once the server has stopped): the schema came from the file
    the modeline names, the metaschema from the server itself, and the schema store stayed off."""
    assert workspace.proxy.requests == []
