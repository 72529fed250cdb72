"""The page as `render_page` writes it, without a browser: the band scale and pass marks it
carries come from the scoring profile and the config, and a draft cannot break out of its
`<script>` element (test_page.py runs the page in Chromium)."""

from __future__ import annotations

import json
import re
from typing import Any

from commlint import Linter
from commlint.config import Config
from commlint.enums import Dimension
from commlint.scoring_profile import scoring_profile
from commlint.service.page import page_scale, render_page

HOSTILE = (
    "Hi Ana, obviously it is fixed ASAP. </script><script>alert(1)</script> <!-- "
    "/*SCALE*/null /*DATA*/null /*SCRIPT*/ <!--KINDS-->"
)


def _blob(page: str, element: str) -> Any:
    found = re.search(rf'<script type="application/json" id="{element}">(.*?)</script>', page)
    assert found, element
    return json.loads(found.group(1))


def test_page_scale_comes_from_the_profile_and_the_config() -> None:
    scale = page_scale()
    bands = scoring_profile().bands
    assert scale["bands"] == [
        {"name": b.name.value, "min": b.min, "meaning": b.meaning} for b in bands
    ]
    assert (scale["min_score"], scale["dimension_floor"]) == (Config().min_score, 50)
    assert scale["min_dimension"] == {}
    assert scale["kinds"]["incident_update"] == "an incident update"
    assert scale["kinds"]["refusal"] == "a refusal"
    assert scale["kinds"]["general"] == "a general message"
    strict = page_scale(
        Config(min_score=85, dimension_floor=60, min_dimension={Dimension.TONE: 80})
    )
    assert (strict["min_score"], strict["dimension_floor"]) == (85, 60)
    assert strict["min_dimension"] == {"tone": 80}


def test_page_empty_carries_the_scale_and_no_report() -> None:
    page = render_page()
    assert _blob(page, "commlint-scale") == page_scale()
    assert _blob(page, "commlint-data") is None
    assert "/*SCALE*/" not in page and "/*DATA*/" not in page


def test_page_keeps_a_hostile_draft_inside_its_script(linter: Linter) -> None:
    report = linter.check(HOSTILE)
    config = Config(min_score=80)
    page = render_page(HOSTILE, report, config)
    assert page.count("</script>") == 3  # the scale, the data and the page's script: no more
    assert "<script>alert(1)" not in page
    assert _blob(page, "commlint-scale") == page_scale(config)
    data = _blob(page, "commlint-data")
    assert data["text"] == HOSTILE  # the markers in the draft were left as they were
    assert data["report"] == report.model_dump(mode="json")
    assert data["report"]["verdict"] == "revise" and data["report"]["reasons"]
