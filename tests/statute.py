"""A page written like a statute, in both languages, for the fixture site: articles as headings
(a table of contents), a table of members, lettered items each in its own paragraph, an internal
link, an '@' in code, and a raw script that must not reach the page."""

from __future__ import annotations

STATUTE_TR = "content/pages/alpha/tuzuk.tr.md"
STATUTE_EN = "content/pages/alpha/tuzuk.en.md"

_TURKISH = """\
---
title: Birlik Tüzüğü
---

## Madde 1 – Amaç

Bu tüzüğün amacı, birliğin çalışma esaslarını belirlemektir.

## Madde 2 – Üyeler

| Üye | Katılım yılı |
|---|---:|
| Alfa Belediyeler Birliği | 2008 |
| Beta Birliği | 2010 |

## Madde 3 – Görevler

Birliğin görevleri şunlardır:

a) Kent ve kent yönetimi konusunda eğitim vermek,

b) Üyeler arasında işbirliğini geliştirmek,

c) [Gamma](@organization:gamma) ağıyla ortak projeler yürütmek.

<script>alert("tüzük")</script>

## Madde 4 – Yürürlük

Bu tüzük kabulü tarihinde yürürlüğe girer; `[x](@organization:yok)` bir bağlantı değildir.
"""

_ENGLISH = """\
---
title: Statute of the Union
---

## Article 1 – Purpose

This statute sets out how the union works.

## Article 2 – Members

| Member | Joined |
|---|---:|
| Alpha Municipalities Union | 2008 |
| Beta Union | 2010 |

## Article 3 – Duties

The union's duties are:

a) to train in urban management,

b) to develop cooperation between its members,

c) to run joint projects with the [Gamma](@organization:gamma) network.

<script>alert("statute")</script>

## Article 4 – Entry into force

This statute enters into force when adopted; `[x](@organization:none)` is not a link.
"""


def statute_files() -> dict[str, str | bytes]:
    """The statute's two files, to add to the fixture site's content."""
    return {STATUTE_TR: _TURKISH, STATUTE_EN: _ENGLISH}
