"""``audit.html`` in headless Chromium: no horizontal overflow at 1400 px and 400 px; every ``#anchor`` resolves.

How it measures: the page is loaded in a fixed-width ``<iframe>`` of a harness
page (headless Chromium will not make its window narrower than 500 px, an
iframe can be any width and is a real viewport: media queries, ``innerWidth``
and the viewport meta tag apply to it). When the frame has loaded, a script in
the harness reads ``scrollWidth`` and ``innerWidth`` of the framed document,
lists the elements that stick out past the viewport without a scrolling
ancestor, checks every internal link's target, and writes the result as JSON
into the harness DOM, which ``--dump-dom`` prints. ``--allow-file-access-from-files``
lets the harness read the framed file. Debian package: ``chromium``.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

import qproofs
from qproofs.report import write_report

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = next((p for p in (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")) if p), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed "
                                "(Debian: apt-get install chromium; .ci/run installs it)")

_PROBE = """
document.getElementById('page').addEventListener('load', function () {
  var out;
  try {
    var d = this.contentDocument, w = this.contentWindow, vw = w.innerWidth;
    function scrolls(el) {
      for (var a = el.parentElement; a; a = a.parentElement) {
        var o = w.getComputedStyle(a).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
      }
      return false;
    }
    var wide = [];
    d.querySelectorAll('body *').forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > vw + 1 && !scrolls(el) && wide.length < 8)
        wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' right=' + Math.round(r.right));
    });
    var links = 0, missing = [];
    d.querySelectorAll('a[href^="#"]').forEach(function (a) {
      links++;
      var id = decodeURIComponent(a.getAttribute('href').slice(1));
      if (!d.getElementById(id)) missing.push(id);
    });
    out = {scrollWidth: d.documentElement.scrollWidth, innerWidth: vw, wide: wide, links: links, missing: missing};
  } catch (e) { out = {error: String(e)}; }
  var pre = document.createElement('pre');
  pre.id = 'qproofs-' + 'probe';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
"""


def probe(page: Path, width: int) -> dict[str, Any]:
    """Load ``page`` in a ``width``-px frame and return the probe's measurements."""
    harness = page.parent / f"harness-{width}.html"
    harness.write_text(f"<!DOCTYPE html><html><body style='margin:0'><iframe id='page' src='{page.name}' "
                       f"style='width:{width}px;height:900px;border:0'></iframe><script>{_PROBE}</script>"
                       "</body></html>", encoding="utf-8")
    assert CHROMIUM is not None
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
           "--allow-file-access-from-files", f"--user-data-dir={page.parent / 'chromium-profile'}",
           "--window-size=1500,1000", "--virtual-time-budget=10000", "--dump-dom", harness.as_uri()]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    m = re.search(r'<pre id="qproofs-probe">(.*?)</pre>', done.stdout, re.S)
    assert m, f"no probe output from Chromium (exit {done.returncode}): {done.stderr[-500:]}"
    result: dict[str, Any] = json.loads(html.unescape(m.group(1)))
    assert "error" not in result, result
    return result


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The committed standard audit page, and a page freshly rendered by this code (toy claims)."""
    out = tmp_path_factory.mktemp("pages")
    (out / "committed").mkdir()
    shutil.copy(ROOT / "reports" / "audit.html", out / "committed" / "audit.html")
    toy = Path(__file__).resolve().parent / "engine_fixtures" / "toy_checks"
    write_report(qproofs.verify(checks=str(toy), profile="quick", seed=0), out / "toy")
    return {"committed": out / "committed" / "audit.html", "toy": out / "toy" / "audit.html"}


@pytest.mark.parametrize("which", ["committed", "toy"])
@pytest.mark.parametrize("width", [1400, 400])
def test_no_horizontal_overflow_and_links_resolve(pages: dict[str, Path], which: str, width: int) -> None:
    r = probe(pages[which], width)
    assert r["innerWidth"] == width
    assert r["scrollWidth"] <= r["innerWidth"], f"page overflows at {width} px: {r['wide']}"
    assert r["wide"] == []
    assert r["links"] > 0 and r["missing"] == [], f"internal links without a target: {r['missing']}"


def test_probe_detects_overflow_and_broken_links(tmp_path: Path) -> None:
    """Negative control: a page that overflows and links nowhere is caught."""
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><html><head><meta name='viewport' content='width=device-width'></head><body>"
                    "<table><tr><td style='white-space:nowrap'>" + "x" * 300 + "</td></tr></table>"
                    "<a href='#nowhere'>n</a><a href='#here'>h</a><p id='here'>h</p></body></html>")
    r = probe(page, 400)
    assert r["scrollWidth"] > 400 and r["wide"]
    assert r["missing"] == ["nowhere"] and r["links"] == 2
