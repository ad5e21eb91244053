"""serve: the preview serves the output as a static host would, rebuilds on changes, and shows
errors over the last good site."""

from __future__ import annotations

import functools
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from livereload.watcher import Watcher

from unionsite.serve import Preview, refresh_content

from .conftest import make_site
from .pictured import PHOTO, photo, pictured_files
from .test_history import AGREEMENT, FIRST, TODAY, TODAY_EPOCH, committed_site

GAMMA_PAGE = "/en/organizations/gamma-network/"
GOOD = "Gamma is a network of local governments."
EDITED = "Gamma is a network of cities."
BROKEN = "name: Gamma Network\nkinds: [netwrk]\n"


def get(preview: Preview, path: str) -> tuple[str, dict[str, str], str]:
    answer: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        answer.update(status=status, headers=dict(headers))

    body = b"".join(preview.app({"PATH_INFO": path}, start_response))
    return answer["status"], answer["headers"], body.decode("utf-8")


def edit(site: Path, relative: str, old: str, new: str) -> None:
    file = site / relative
    file.write_text(file.read_text("utf-8").replace(old, new), "utf-8")


def test_the_output_is_served_as_a_static_host_serves_it(fixture_site: Path) -> None:
    preview = Preview(fixture_site)
    preview.refresh()
    status, headers, body = get(preview, GAMMA_PAGE)
    assert (status, headers["Content-Type"]) == ("200 OK", "text/html; charset=utf-8")
    assert GOOD in body
    assert get(preview, "/en/organizations/gamma-network")[:2] == (
        "301 Moved Permanently",
        {"Location": "/en/organizations/gamma-network/"},
    )
    assert preview.report is not None
    stylesheet = preview.report.checked.assets.urls["style.css"]
    assert get(preview, stylesheet)[1]["Content-Type"] == "text/css"
    status, _, body = get(preview, "/en/organizations/nowhere/")
    assert (status, "<h1>Page not found</h1>" in body) == ("404 Not Found", True)
    assert "<h1>Sayfa bulunamadı</h1>" in get(preview, "/elsewhere")[2]
    assert get(preview, "/../site.yaml")[0] == "404 Not Found"
    for odd in ("/tr/\x00", "/tr/%00", "/tr/\x1b[31m"):
        status, _, body = get(preview, odd)
        assert (status, "<h1>Sayfa bulunamadı</h1>" in body) == ("404 Not Found", True)


def test_errors_show_over_the_last_good_site_until_they_are_fixed(fixture_site: Path) -> None:
    preview = Preview(fixture_site)
    preview.refresh()
    gamma = "content/organizations/gamma.yaml"
    original = (fixture_site / gamma).read_text("utf-8")

    (fixture_site / gamma).write_text(BROKEN, "utf-8")
    preview.refresh()
    _, _, body = get(preview, GAMMA_PAGE)
    assert GOOD in body
    assert '<aside role="alert"' in body
    assert "content/organizations/gamma.yaml:2:9: field &#x27;kinds[0]&#x27; must be one of" in body

    (fixture_site / gamma).write_text(original.replace(GOOD, EDITED), "utf-8")
    preview.refresh()
    _, _, body = get(preview, GAMMA_PAGE)
    assert EDITED in body
    assert '<aside role="alert"' not in body


def test_without_any_good_site_the_errors_are_shown_alone(site_factory: Callable[..., Path]) -> None:
    preview = Preview(site_factory({"content/organizations/gamma.yaml": BROKEN}))
    preview.refresh()
    status, _, body = get(preview, "/")
    assert status == "404 Not Found"
    assert "must be one of" in body


# ---------------------------------------------------------------------------------------------
# The server itself, in its own process


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        return str(error.read().decode("utf-8"))


def wait_for(url: str, condition: Callable[[str], bool], seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    body = ""
    while time.monotonic() < deadline:
        try:
            body = fetch(url)
            if condition(body):
                return body
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not change as expected in {seconds} s; last body:\n{body[:2000]}")


@pytest.fixture
def server(fixture_site: Path) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "unionsite", "serve", "--site", str(fixture_site), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_server_rebuilds_on_an_edit_and_survives_a_broken_record(server: str, fixture_site: Path) -> None:
    page = server + GAMMA_PAGE
    body = wait_for(page, lambda body: GOOD in body)
    assert "livereload.js" in body  # the browser reloads itself after each rebuild

    time.sleep(1.1)  # a later modification time than the first build's files, on any file system
    edit(fixture_site, "content/organizations/gamma.yaml", "local governments", "cities")
    wait_for(page, lambda body: EDITED in body)

    gamma = fixture_site / "content/organizations/gamma.yaml"
    good = gamma.read_text("utf-8")
    gamma.write_text(BROKEN, "utf-8")
    body = wait_for(page, lambda body: '<aside role="alert"' in body)
    assert EDITED in body  # the last good site is still served

    gamma.write_text(good.replace("cities", "municipalities"), "utf-8")
    body = wait_for(page, lambda body: "network of municipalities" in body)
    assert '<aside role="alert"' not in body


def test_a_content_change_livereload_sees_is_rebuilt_from_that_file_alone(fixture_site: Path) -> None:
    preview = Preview(fixture_site)
    preview.refresh()
    watcher = Watcher()
    watcher.watch(str(fixture_site / "content"), functools.partial(refresh_content, preview, watcher))
    watcher.examine()  # the first pass learns the files

    edit(fixture_site, "content/organizations/gamma.yaml", "of local governments", "of towns")
    watcher.examine()
    assert preview.report is not None
    assert (preview.report.checked.content.looked, preview.report.checked.content.read) == (1, 1)
    assert "Gamma is a network of towns." in get(preview, GAMMA_PAGE)[2]

    epsilon = fixture_site / "content/organizations/epsilon.yaml"
    epsilon.write_text("name: {tr: Epsilon Birliği, en: Epsilon Union}\nkinds: [union]\n", "utf-8")
    watcher.examine()
    assert preview.report.checked.content.looked == 1
    assert get(preview, "/en/organizations/epsilon-union/")[0] == "200 OK"

    epsilon.unlink()  # of files removed livereload names one, if several: all are looked at
    watcher.examine()
    content = preview.report.checked.content
    assert content.looked == len(content.files) == 8
    assert get(preview, "/en/organizations/epsilon-union/")[0] == "404 Not Found"


def test_a_file_named_before_a_failed_rebuild_is_looked_at_again_in_the_next(fixture_site: Path) -> None:
    preview = Preview(fixture_site)
    preview.refresh()
    gamma, beta = (
        fixture_site / "content/organizations/gamma.yaml",
        fixture_site / "content/organizations/beta.yaml",
    )
    original = gamma.read_text("utf-8")
    gamma.write_text(BROKEN, "utf-8")
    preview.refresh([gamma])
    assert preview.errors is not None

    edit(fixture_site, "content/organizations/beta.yaml", "Beta Union", "Beta Towns")
    preview.refresh([beta])  # the watcher names beta alone: gamma is still broken
    assert preview.errors is not None and "gamma.yaml" in preview.errors

    gamma.write_text(original, "utf-8")
    preview.refresh([gamma])
    assert preview.errors is None
    assert preview.report is not None and preview.report.checked.content.looked == 2
    assert "Beta Towns" in get(preview, "/en/organizations/beta-towns/")[2]


def test_the_preview_dates_a_record_edited_since_its_last_commit_today(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH)
    site = committed_site(tmp_path / "repository")
    preview = Preview(site)
    preview.refresh()
    assert get(preview, "/en/feed.xml")[2].count(f"<updated>{FIRST}</updated>") == 1
    watcher = Watcher()
    watcher.watch(str(site / "content"), functools.partial(refresh_content, preview, watcher))
    watcher.examine()  # the first pass learns the files

    edit(site, AGREEMENT, "Sharing knowledge.", "Sharing knowledge and staff.")
    watcher.examine()

    assert preview.errors is None
    feed = get(preview, "/en/feed.xml")[2]
    assert feed.count(f"<updated>{TODAY}</updated>") == 2  # the agreement's and the feed's
    assert "Sharing knowledge and staff." in feed


def test_a_photo_replaced_while_previewing_is_shown_at_its_new_address(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {k: v for k, v in pictured_files().items() if v != ""})
    preview = Preview(site)
    preview.refresh()
    watcher = Watcher()
    watcher.watch(str(site / "content"), functools.partial(refresh_content, preview, watcher))
    watcher.examine()
    page = "/en/organizations/alfa/city-meeting/"
    before = re.findall(r'src="(/images/salon-[^"]+)"', get(preview, page)[2])

    (site / PHOTO).write_bytes(photo(900, 600, sideways=False))
    watcher.examine()

    assert preview.errors is None and preview.report is not None
    assert preview.report.checked.content.looked == 1  # the watcher named the photo alone
    after = re.findall(r'src="(/images/salon-[^"]+)"', get(preview, page)[2])
    assert before and after and before != after
    assert 'width="900" height="600"' in get(preview, page)[2]
    served: dict[str, str] = {}
    body = b"".join(preview.app({"PATH_INFO": after[0]}, lambda status, _: served.update(status=status)))
    assert served["status"] == "200 OK" and body == (preview.output / after[0].lstrip("/")).read_bytes()
    assert not (preview.output / before[0].lstrip("/")).exists()  # the old sizes are gone
