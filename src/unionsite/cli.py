"""The command line: `unionsite build|check|serve|translations|schemas|new`; an error becomes its
message and exit 1, never a traceback."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

from PIL import Image

from .build import Checked, build, check
from .config import CONFIG_FILE, load_config
from .editor_schema import json_schemas
from .errors import UnionsiteError
from .kinds import MODEL
from .load import load_content
from .scaffold import scaffold
from .translations import stamp_files
from .write import SITE_WRITTEN, create_files, replace_files, write_file

NOTHING_WRITTEN = "nothing was written: the last good site is unchanged"


class _Terminated(KeyboardInterrupt):
    """SIGTERM (a CI job cancelled, `kill`), handled as Ctrl-C is: what was half made is removed
    on the way out."""


def _terminate(_signal: int, _frame: object) -> None:
    raise _Terminated


def main(argv: Sequence[str] | None = None) -> int:
    # An image too large to open safely is refused with its own message (see `images`); Pillow's
    # warning about one would only repeat it on stderr, unlocated.
    warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)
    arguments = _parser().parse_args(argv)
    root = Path(arguments.site).resolve()
    commands: dict[str, Callable[[Path, argparse.Namespace], int]] = {
        "build": _build,
        "check": _check,
        "serve": _serve,
        "translations": _translations,
        "schemas": _schemas,
        "new": _new,
    }
    on_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if on_main_thread else None
    try:
        return commands[arguments.command](root, arguments)
    except BrokenPipeError:
        # The reader of our output went away (`unionsite build | head -1`): whatever was built
        # is written; only the report is cut short. Keep Python from complaining at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt as stop:
        return _stopped(stop, arguments.command)
    except (UnionsiteError, OSError) as error:
        print(_message(error), file=sys.stderr)
        _say_what_was_written(error, arguments.command)
        return 1
    finally:
        if on_main_thread:
            signal.signal(signal.SIGTERM, previous)


def _message(error: UnionsiteError | OSError) -> str:
    """The error's own message; a system error names its file, without Python's '[Errno 13]'."""
    if isinstance(error, UnionsiteError) or not error.strerror:
        return str(error)
    where = error.filename if error.filename is not None else "error"
    return f"{where}: {error.strerror}"


def _stopped(stop: KeyboardInterrupt, command: str) -> int:
    """Ctrl-C or SIGTERM: one line, no traceback; the preview stops as it is meant to."""
    terminated = isinstance(stop, _Terminated)
    if command == "serve":
        print("preview stopped", file=sys.stderr)
        return 0
    print("stopped by SIGTERM" if terminated else "stopped by Ctrl-C", file=sys.stderr)
    _say_what_was_written(stop, command)
    return 128 + (signal.SIGTERM if terminated else signal.SIGINT)


def _say_what_was_written(error: BaseException, command: str) -> None:
    if command != "build":
        return
    if SITE_WRITTEN in getattr(error, "__notes__", ()):
        print("the new site was written all the same", file=sys.stderr)
    else:
        print(NOTHING_WRITTEN, file=sys.stderr)


def _build(root: Path, arguments: argparse.Namespace) -> int:
    report = build(
        root,
        owner=arguments.owner,
        output=arguments.output,
        strict=arguments.strict,
        workers=arguments.workers,
        config_file=arguments.config,
        drafts=arguments.drafts,
    )
    _print_warnings(report.checked)
    for note in report.notes:
        print(f"warning: {note}", file=sys.stderr)
    seconds = sum(duration for _, duration in report.timings)
    records = _count(report.checked)
    print(
        f"built {report.files} files from {records} records in {seconds:.2f} s → {report.config.output_dir}/"
    )
    print(f"translations: {report.checked.translations.summary().replace(chr(10), '; ')}")
    return 0


def _check(root: Path, arguments: argparse.Namespace) -> int:
    options = {"config_file": arguments.config, "drafts": arguments.drafts}
    checked = check(root, owner=arguments.owner, strict=arguments.strict, **options)
    _print_warnings(checked)
    print(f"checked {_count(checked)} records: no errors")
    return 0


def _serve(root: Path, arguments: argparse.Namespace) -> int:
    # Loaded here: the web server and its watcher cost a tenth of a second that builds need not pay.
    from .serve import Preview, serve  # noqa: PLC0415

    preview = Preview(
        root, arguments.owner, arguments.output, config_file=arguments.config, drafts=arguments.drafts
    )
    serve(preview, arguments.host, arguments.port)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="unionsite", description="Static sites for municipal unions.")
    commands = parser.add_subparsers(dest="command", required=True)
    build_command = commands.add_parser("build", help="build the site into the output folder")
    check_command = commands.add_parser("check", help="check all content without writing anything")
    translations = commands.add_parser(
        "translations", help="list every record's translation state: translated, fallback, missing, outdated"
    )
    schemas = commands.add_parser(
        "schemas", help="write the JSON Schema of each record kind, for editors' completion and checks"
    )
    schemas.add_argument(
        "--output", default="schemas", help="folder, relative to the site (default: schemas)"
    )
    serve_command = commands.add_parser(
        "serve", help="preview the site, rebuilding and reloading the browser on every change"
    )
    serve_command.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    serve_command.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve_command.add_argument("--output", help="output folder, relative to the site (default: build)")
    new = commands.add_parser("new", help="write the commented starting files of a new record")
    new.add_argument("kind", choices=[kind.name for kind in MODEL.kinds])
    nested = [f"for a {kind.name} <{kind.markdown.under} id>/<key>" for kind in MODEL.kinds if kind.markdown]
    new.add_argument("id", help="; ".join(["the record's id (its file name)", *nested]))
    for command in (build_command, check_command, serve_command, translations, schemas, new):
        command.add_argument("--site", default=".", help="the folder with site.yaml (default: here)")
        command.add_argument("--owner", help=f"publish the site of this {MODEL.owner.kind} id instead")
        command.add_argument(
            "--config",
            default=CONFIG_FILE,
            metavar="FILE",
            help=f"the settings file, relative to the site (default: {CONFIG_FILE}; an example's own)",
        )
    for command in (build_command, check_command, serve_command):
        command.add_argument(
            "--drafts",
            action="store_true",
            help="include drafts and records dated after today, for a preview: never publish such a build",
        )
    for command in (build_command, check_command):
        command.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build_command.add_argument("--output", help="output folder, relative to the site (default: build)")
    build_command.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="render in N processes (default: one per core for a large site; the output is the same)",
    )
    translations.add_argument(
        "--strict", action="store_true", help="exit 1 if a translation is missing or outdated"
    )
    translations.add_argument("--json", metavar="FILE", help="also write the report as JSON to FILE")
    translations.add_argument(
        "--stamp",
        nargs="*",
        metavar="FILE",
        help="record that the translations in these content files are up to date with their source; "
        "without files, stamp every translation that has no stamp yet",
    )
    return parser


def _translations(root: Path, arguments: argparse.Namespace) -> int:
    # Its --strict decides the exit status after the report, not whether there is one.
    checked = check(root, owner=arguments.owner, config_file=arguments.config)
    report = checked.translations
    if arguments.stamp is not None:
        files = None if not arguments.stamp else _content_paths(arguments.stamp, checked.config.root)
        edited = stamp_files(report, checked.texts, files)
        replace_files(checked.config.root, edited)
        for file in edited:
            print(f"stamped {file}")
        count = len(edited)
        print(f"stamped {count} file{'' if count == 1 else 's'}" if edited else "nothing to stamp")
        return 0
    _print_warnings(checked)
    if report.states:
        print(report.table())
    print(report.summary())
    if arguments.json:
        write_file(Path(arguments.json), report.to_json())
    return 1 if arguments.strict and report.unfinished else 0


def _schemas(root: Path, arguments: argparse.Namespace) -> int:
    config = load_config(root, config_file=arguments.config)
    files = json_schemas(config)
    replace_files(config.path(arguments.output), files)
    print(f"wrote {len(files)} schemas to {arguments.output}/")
    return 0


def _new(root: Path, arguments: argparse.Namespace) -> int:
    config = load_config(root, config_file=arguments.config)
    markdown = MODEL.by_name[arguments.kind].markdown
    owners = [r.id for r in load_content(config).records if markdown and r.kind == markdown.under]
    files = scaffold(arguments.kind, arguments.id, config, owners)
    create_files(root, files)
    for file in files:
        print(f"wrote {file}")
    print("fill in the empty fields, then run: unionsite check")
    return 0


def _content_paths(names: Sequence[str], root: Path) -> frozenset[str]:
    """Files named on the command line as paths from the site's root, as records know them."""
    paths = set()
    for name in names:
        path = Path(name).resolve()
        if not path.is_file() or not path.is_relative_to(root):
            raise UnionsiteError(f"{name}: not a content file of the site in {root}")
        paths.add(path.relative_to(root).as_posix())
    return frozenset(paths)


def _print_warnings(checked: Checked) -> None:
    if checked.warnings.problems:
        print(checked.warnings.format(checked.texts), file=sys.stderr)


def _count(checked: Checked) -> int:
    return checked.records.count()
