"""The announcement of a tender whose 下浮系数 K was drawn at opening (the draw, its check and the
script) fits a phone and passes axe, like every public page (test_public_surface)."""

from __future__ import annotations

import pytest

from tests.browser.test_public_surface import WIDTHS, check_page
from tests.procurement.opening.test_k_draw import drawing_tender, opened


@pytest.mark.parametrize("width", WIDTHS)
def test_the_announcement_with_the_drawn_k_fits_and_passes_axe(page, db, frozen_clock, width):
    tender = opened(drawing_tender(), frozen_clock)
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(f"/tenders/{tender.reference}")
    assert response is not None and response.status == 200
    assert page.get_by_text(f"K = {tender.k_draw['k']:g}", exact=True).count() == 1
    check_page(page, width)
