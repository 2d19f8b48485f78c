"""The printed documents checked as images: the pre-sentence report for the court and the
follow-up plan for the person are rendered to PDF by WeasyPrint, then to PNG by pypdfium2,
and the tests assert on what a reader would see — page count, page numbers, headings, the
person's name, a letterhead that is not blank, the red draft banner only on drafts."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image
from tests.reintegration.conftest import request_for, today, written_report

from varde.reintegration import actions
from varde.reintegration.documents import plan_context, plan_pdf, psr_pdf

pytestmark = pytest.mark.django_db

SCALE = 2  # 144 dpi: an A4 page is 1190 x 1684 pixels


def pages(pdf: bytes, tmp_path: Path, name: str) -> tuple[list[str], list[Image.Image]]:
    """Text and PNG image of each page (the PNGs are written, as a reviewer would open them)."""
    document = pdfium.PdfDocument(pdf)
    texts, images = [], []
    for number in range(len(document)):
        page = document[number]
        texts.append(page.get_textpage().get_text_range())
        image = page.render(scale=SCALE).to_pil().convert("RGB")
        path = tmp_path / f"{name}-{number + 1}.png"
        image.save(path, "PNG")
        images.append(Image.open(path).convert("RGB"))
    return texts, images


def ink(image: Image.Image, box: tuple[float, float, float, float]) -> float:
    """Share of non-white pixels in a box given as fractions of the page (left, top, right,
    bottom)."""
    width, height = image.size
    region = image.crop(
        (int(box[0] * width), int(box[1] * height), int(box[2] * width), int(box[3] * height))
    ).convert("L")
    dark = sum(region.histogram()[:200])
    return dark / (region.width * region.height)


def reddish(image: Image.Image, box: tuple[float, float, float, float]) -> int:
    width, height = image.size
    region = image.crop(
        (int(box[0] * width), int(box[1] * height), int(box[2] * width), int(box[3] * height))
    )
    data = region.tobytes()
    return sum(
        1 for i in range(0, len(data), 3) if data[i] > 150 and data[i + 1] < 90 and data[i + 2] < 90
    )


@pytest.fixture
def sent_report(org, personas, extra, accused):
    report = request_for(accused, org.oslo_fri, personas.frida, charge="Tyveri, strl. § 321")
    report = written_report(report, personas.frida)
    return actions.do_send_psr(report, recipient="Oslo tingrett", actor=personas.frida)


def test_sent_report_looks_like_a_court_document(sent_report, tmp_path):
    texts, images = pages(bytes(sent_report.document.pdf), tmp_path, "psr")
    assert 1 <= len(texts) <= 3
    whole = "\n".join(texts)
    for heading in (
        "Kriminalomsorgen",
        "Oslo friomsorgskontor",
        "Unntatt offentlighet",
        "PERSONUNDERSØKELSE",
        "Straffeprosessloven § 161",
        "Parter og sak",
        "Åse Aas",
        "Tyveri, strl. § 321",
        sent_report.reference,
        "1. Personlige forhold",
        "2. Bolig",
        "6. Nettverk og familie",
        "7. Vurdering av egnethet",
        "8. Konklusjon",
        "Egnet for samfunnsstraff.",
        "Friomsorgsmedarbeider",
        f"Side 1 av {len(texts)}",
    ):
        assert heading in whole, heading
    assert "UTKAST" not in whole
    first = images[0]
    assert first.size == (round(595.28 * SCALE), round(841.89 * SCALE))
    assert ink(first, (0.05, 0.02, 0.95, 0.12)) > 0.01  # the letterhead is printed
    assert ink(first, (0.05, 0.12, 0.95, 0.95)) > 0.02  # the page is not blank
    assert ink(first, (0.0, 0.0, 0.03, 1.0)) == 0  # the margin is white
    assert reddish(first, (0, 0, 1, 0.3)) == 0


def test_draft_carries_a_red_banner(org, personas, extra, minor, tmp_path):
    report = request_for(minor, org.oslo_fri, personas.frida)
    texts, images = pages(psr_pdf(report, draft=True), tmp_path, "draft")
    whole = "\n".join(texts)
    assert "UTKAST – ikke sendt" in whole
    assert "PERSONUNDERSØKELSE FOR MINDREÅRIG" in whole and "§ 161 a" in whole
    assert "Mats Ung" in whole and "(ikke utfylt)" in whole
    assert reddish(images[0], (0, 0, 1, 0.35)) > 200


def test_plan_printout_for_the_person(personas, stay, tmp_path):
    plan = actions.do_create_plan(stay.person, actor=personas.carl)
    goal = actions.do_add_goal(plan, area_code="housing", goal="Egen bolig", actor=personas.carl)
    actions.do_add_step(
        goal,
        description="Søke kommunal bolig",
        responsible_kind="agency",
        agency="Oslo kommune",
        due_on=today() + timedelta(days=30),
        actor=personas.carl,
    )
    actions.do_add_step(
        goal, description="Skaffe pass", responsible_kind="person", actor=personas.carl
    )
    plan.refresh_from_db()
    context = plan_context(plan, today=today(), next_review=None, release_on=None)
    texts, images = pages(plan_pdf(context), tmp_path, "plan")
    assert len(texts) == 1
    text = texts[0]
    for expected in (
        "Min oppfølgingsplan",
        stay.person.full_name,
        "Bolig: Egen bolig",
        "Søke kommunal bolig",
        "Oslo kommune",
        "Du selv",
        "Din underskrift",
        "Side 1 av 1",
    ):
        assert expected in text, expected
    assert ink(images[0], (0.05, 0.02, 0.95, 0.12)) > 0.01
    assert ink(images[0], (0.05, 0.12, 0.95, 0.6)) > 0.01
