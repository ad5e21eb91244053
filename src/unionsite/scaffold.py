"""A kind and an id → the commented starting files of a new record, in both languages, as the
kind's declaration writes them.

Required fields are left empty on purpose: `unionsite check` points at each one until it is
filled in, so a half-written record cannot reach the site. Optional fields are commented out.
"""

from __future__ import annotations

from collections.abc import Collection

from .config import SiteConfig
from .errors import UnionsiteError, did_you_mean
from .fields import ID_PATTERN
from .kinds import MODEL, Kind, Model

LANGUAGE_NAMES = {"tr": "Turkish", "en": "English"}


def scaffold(
    kind: str, record_id: str, config: SiteConfig, owners: Collection[str] = (), model: Model = MODEL
) -> dict[str, str]:
    """The new files, by path from the site's root, from the kind's declared starting file; a
    record written in Markdown files (a page) belongs to a record among `owners`, the ids of
    its owning kind the content has."""
    declared = model.by_name.get(kind)
    if declared is None:
        names = ", ".join(k.name for k in model.kinds)
        raise UnionsiteError(f"unknown kind '{kind}': expected one of {names}")
    if declared.markdown is not None:
        return _markdown_files(declared, record_id, config, owners)
    _check_id(record_id, f"content/{declared.plural}/<id>.yaml")
    text = declared.starter.format(id=record_id)
    return {f"{config.content_dir}/{declared.plural}/{record_id}.yaml": text}


def _markdown_files(
    kind: Kind, record_id: str, config: SiteConfig, owners: Collection[str]
) -> dict[str, str]:
    markdown = kind.markdown
    assert markdown is not None
    owner, _, key = record_id.partition("/")
    if not key:
        raise UnionsiteError(f"a {kind.name} id is <{markdown.under} id>/<key>, such as mbb/{record_id}")
    for part in (owner, key):
        _check_id(part, f"content/{kind.plural}/<{markdown.under} id>/<key>.<language>.md")
    if owner not in owners:
        hint = did_you_mean(owner, owners)
        raise UnionsiteError(
            f"unknown {markdown.under} '{owner}'{hint}: a {kind.name} belongs to one the content has"
        )
    files = {}
    for language in config.languages:
        extra = markdown.default_extra if language == config.default_language else markdown.translation_extra
        text = markdown.starter.format(extra=extra, language_name=LANGUAGE_NAMES.get(language, language))
        files[f"{config.content_dir}/{kind.plural}/{owner}/{key}.{language}.md"] = text
    return files


def _check_id(record_id: str, where: str) -> None:
    if not ID_PATTERN.match(record_id):
        raise UnionsiteError(
            f"id '{record_id}' may hold only a-z, 0-9 and single '-' between them: it becomes {where}"
        )
