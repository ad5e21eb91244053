"""config: site.yaml into a SiteConfig, with its errors at their lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from unionsite.config import load_config
from unionsite.errors import ContentErrors, SourceRef, UnionsiteError


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "site.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_settings_and_defaults(tmp_path: Path) -> None:
    config = load_config(
        write(tmp_path, "owner: mbb\nbase_url: https://example.org/birlik\nlanguages: [tr, en]\n")
    )
    assert (config.owner, config.default_language, config.output_dir) == ("mbb", "tr", "build")
    assert config.base_path == "/birlik/"
    assert config.locale("en") == "en_GB"
    assert config.owner_at == SourceRef("site.yaml", 1, 8)


def test_command_line_choices_win(tmp_path: Path) -> None:
    config = load_config(
        write(tmp_path, "owner: mbb\nbase_url: /\nlanguages: [tr, en]\n"), owner="tdbb", output_dir="out"
    )
    assert (config.owner, config.output_dir, str(config.owner_at)) == ("tdbb", "out", "--owner")


def test_every_problem_of_site_yaml_is_listed(tmp_path: Path) -> None:
    with pytest.raises(ContentErrors) as caught:
        load_config(write(tmp_path, "base_url: /\nlanguage: [tr]\n"))
    assert str(caught.value) == (
        "site.yaml:1:1: missing required setting 'languages'\n    base_url: /\n    ^\n"
        "site.yaml:1:1: missing required setting 'owner'\n    base_url: /\n    ^\n"
        "site.yaml:2:1: unknown setting 'language'\n    language: [tr]\n    ^\n"
        "3 errors, 0 warnings"
    )


def test_a_default_language_outside_the_languages_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ContentErrors) as caught:
        load_config(write(tmp_path, "owner: a\nbase_url: /\nlanguages: [tr, en]\ndefault_language: de\n"))
    assert str(caught.value).splitlines()[0] == "site.yaml:4:19: 'de' is not one of the languages"


def test_no_site_yaml(tmp_path: Path) -> None:
    with pytest.raises(UnionsiteError, match=r"^site\.yaml not found in "):
        load_config(tmp_path)


def test_a_feed_needs_at_least_one_entry(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, "owner: mbb\nbase_url: /\nlanguages: [tr]\n")).feed_entries == 50
    with pytest.raises(ContentErrors) as caught:
        load_config(write(tmp_path, "owner: mbb\nbase_url: /\nlanguages: [tr]\nfeed_entries: 0\n"))
    assert str(caught.value) == (
        "site.yaml:4:15: setting 'feed_entries' must be 1 or more\n"
        "    feed_entries: 0\n                  ^\n1 error, 0 warnings"
    )
