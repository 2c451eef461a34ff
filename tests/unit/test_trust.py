"""The rules that keep the atlas's history trustworthy, one test (or more) per rule, each on a
copy of tests/fixtures/valid with one edit that breaks the rule:

- own voice: an event title says whether it states the record (checked against a cited
  reference) or one source's account (which it names);
- claimant: a passage belongs to whoever says it in the text;
- precision: a date is as precise as its evidence (about, decade), and shown and compared so;
- translation present: every fact string the atlas writes is translated, and nothing else;
- plurals: every counted string has every CLDR plural form its language needs.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from babel import Locale

from atlas import cards, disagreements, i18n
from atlas.facts import FACT_LANGUAGES, TRANSLATIONS_DIR, Facts, Problem, check_facts
from atlas.i18n import translator
from atlas.models import PartialDate

EN_QUOTE, FA_QUOTE, EVENT = "en-kfor-service", "fa-kurecik-radar", "kfor-enters-kosovo"
FA_ENGLISH = "missile defence system since 2012."


def edit(facts_dir: Path, file: str, old: str, new: str) -> None:
    path = facts_dir / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {file}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def problems_of(facts_dir: Path) -> list[Problem]:
    facts, problems = check_facts(facts_dir)
    assert facts is None, "the edit should break a rule"
    return problems


def where(problems: list[Problem]) -> list[tuple[str, str, str]]:
    return [(p.file, p.record, p.field) for p in problems]


# -- own voice: an event title is the record or a named source's account --------------------


def test_record_title_needs_the_reference_it_was_checked_against(valid_facts: Path) -> None:
    edit(valid_facts, "events.yaml", "  checked_against:\n    - title: NATO's role in Kosovo\n"
         "      publisher: NATO\n", "")
    (problem,) = problems_of(valid_facts)
    assert (problem.file, problem.record, problem.field) == ("events.yaml", EVENT,
                                                              "checked_against")


def test_account_title_must_say_whose_account_it_is(valid_facts: Path) -> None:
    edit(valid_facts, "events.yaml", "  voice: record\n",
         "  voice: account\n  according_to: en-sample-report\n")
    (problem,) = problems_of(valid_facts)
    assert where([problem]) == [("events.yaml", EVENT, "title")]
    assert "according to" in problem.message


def test_account_names_one_of_the_events_sources(valid_facts: Path) -> None:
    edit(valid_facts, "events.yaml", "  title: KFOR enters Kosovo\n  voice: record\n",
         "  title: According to the feature, KFOR enters Kosovo\n  voice: account\n"
         "  according_to: fa-sample-feature\n")
    (problem,) = problems_of(valid_facts)
    assert where([problem]) == [("events.yaml", EVENT, "according_to")]


def test_a_voice_is_required(valid_facts: Path) -> None:
    edit(valid_facts, "events.yaml", "  voice: record\n", "")
    assert ("events.yaml", EVENT, "voice") in where(problems_of(valid_facts))


def test_real_events_each_say_on_what_they_rest(facts: Facts) -> None:
    for event in facts.events.values():
        if event.voice == "record":
            assert event.checked_against, event.id
        else:
            assert event.according_to in event.sources, event.id
            assert "according to" in event.title.lower(), event.id


# -- claimant: a passage belongs to whoever says it in the text -------------------------------


def test_passage_handing_its_words_to_someone_needs_a_claimant(valid_facts: Path) -> None:
    edit(valid_facts, "quotes.yaml", FA_ENGLISH, "missile defence system since 2012, the "
         "ministry said.")
    (problem,) = problems_of(valid_facts)
    assert where([problem]) == [("quotes.yaml", FA_QUOTE, "claimed_by")]
    assert "'said'" in problem.message


def test_claimant_the_passage_does_not_show_needs_a_reference(valid_facts: Path) -> None:
    edit(valid_facts, "quotes.yaml", "  about: [mission:kfor, event:kfor-enters-kosovo, "
         "member:TUR]\n", "  about: [mission:kfor, event:kfor-enters-kosovo, member:TUR]\n"
         "  claimed_by: Some party\n")
    (problem,) = problems_of(valid_facts)
    assert where([problem]) == [("quotes.yaml", EN_QUOTE, "claimed_by")]


def test_a_new_claimant_needs_translating(valid_facts: Path) -> None:
    # A claimant's name is a fact string the atlas writes.
    edit(valid_facts, "quotes.yaml", "  about: [mission:kfor, event:kfor-enters-kosovo, "
         "member:TUR]\n", "  about: [mission:kfor, event:kfor-enters-kosovo, member:TUR]\n"
         "  claimed_by: Some party\n  claim_reference:\n    title: The original report\n"
         "    publisher: A wire service\n")
    # So is the name of the reference's publisher; its title is the publisher's own.
    assert where(problems_of(valid_facts)) == [
        (f"{TRANSLATIONS_DIR}/{language}.yaml", key, field) for language in FACT_LANGUAGES
        for key, field in (("citation:A wire service", "text"), ("claimant:Some party", "name"))]


def test_real_reporter_sentences_are_the_publishers_own(facts: Facts) -> None:
    # Peoples Dispatch writes these in its own voice; the article does not give them to the TKP.
    for quote_id in ("tkp-around-30-bases", "tkp-incirlik-attacks",
                     "tkp-kurecik-early-warning", "tkp-konya-israeli-pilots"):
        assert facts.quotes[quote_id].claimed_by is None, quote_id
        html = cards.quote_card_html(facts, facts.quotes[quote_id], translator("en"))
        assert "In Peoples Dispatch&#x27;s own words:" in html
    # The wire report's lead: the original attributes it to sources familiar with the process.
    for quote_id in ("isr-lead-blocked", "isr-since-october"):
        quote = facts.quotes[quote_id]
        assert quote.claimed_by and "sources familiar with the process" in quote.claimed_by
        assert quote.claim_reference is not None


# -- precision: as precise as the evidence, everywhere ----------------------------------------


@pytest.mark.parametrize("text", ["1985s", "~1980s", "2025-7", "~", "about 2025"])
def test_malformed_precision_is_rejected(text: str) -> None:
    with pytest.raises(ValueError):
        PartialDate.parse(text)


def test_decade_start_must_start_a_decade(valid_facts: Path) -> None:
    edit(valid_facts, "sites.yaml", "  start_year: 2012\n",
         "  start_year: 2012\n  start_precision: decade\n")
    (problem,) = problems_of(valid_facts)
    assert where([problem]) == [("sites.yaml", "kurecik", "start_year")]
    assert "decade" in problem.message


def test_approximate_and_decade_dates_span_what_they_can_mean() -> None:
    about = PartialDate.parse("~2025-02-18")
    assert about.approximate and about.precision == "day" and about.year == 2025
    assert about.earliest() < dt.date(2025, 2, 18) < about.latest()
    decade = PartialDate.parse("1980s")
    assert (decade.precision, decade.year) == ("decade", 1980)
    assert (decade.earliest(), decade.latest()) == (dt.date(1980, 1, 1), dt.date(1989, 12, 31))
    # Sorted at the day it names, after an exact date of that day.
    assert PartialDate.parse("2025-07-03").sort_key() < PartialDate.parse("~2025-07-03").sort_key()


@pytest.mark.parametrize(("language", "about", "decade"), [
    ("en", "about 18 February 2025", "since the 1980s"),
    ("tr", "yaklaşık 18 Şubat 2025", "1980'li yıllardan beri"),
    ("ar", "نحو ١٨ فبراير ٢٠٢٥", "منذ ثمانينيات القرن العشرين"),
    ("fa", "حدود ۱۸ فوریه ۲۰۲۵", "از دههٔ ۱۹۸۰"),
])
def test_precision_is_shown_in_every_language(language: str, about: str, decade: str) -> None:
    tr = translator(language)
    assert tr.date("~2025-02-18") == about
    assert tr.since("1980s") == decade


def test_real_dates_keep_the_evidences_precision(facts: Facts) -> None:
    persian = facts.sources["fa-turkey-73-years-in-nato"]
    assert persian.published is not None and persian.published.approximate
    assert facts.events["tkp-social-media-campaign-2025"].date.approximate
    assert facts.sites["konya"].start == "1980s"
    panel = cards.item_panel_html(facts, "site:konya", translator("en"))
    assert "since the 1980s" in panel
    assert "about 18 February 2025" in cards.source_line(persian, translator("en"))


def test_an_approximate_date_does_not_decide_a_comparison(facts: Facts) -> None:
    # On any day "about 18 February 2025" can mean NATO had 32 members: the count agrees, and
    # the document is dated "about", not pinned to the day.
    (count,) = [d for d in disagreements.find_disagreements(facts) if d.kind == "member_count"]
    persian = next(s for s in count.statements if s.source_id == "fa-turkey-73-years-in-nato")
    assert persian.agrees is True
    assert count.values["last"] == "~2025-02-18"


# -- translation present: every fact string the atlas writes, nothing else --------------------


def translation_file(facts_dir: Path, language: str) -> Path:
    return facts_dir / TRANSLATIONS_DIR / f"{language}.yaml"


def test_missing_translation_fails_the_check(valid_facts: Path) -> None:
    path = translation_file(valid_facts, "ar")
    tree = yaml.safe_load(path.read_text(encoding="utf-8"))
    del tree["site"]["kurecik"]["role"]
    path.write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
    (problem,) = problems_of(valid_facts)
    assert where([problem]) == [(f"{TRANSLATIONS_DIR}/ar.yaml", "site:kurecik", "role")]
    assert problem.message.startswith("missing translation")


def test_extra_translation_fails_the_check(valid_facts: Path) -> None:
    path = translation_file(valid_facts, "tr")
    tree = yaml.safe_load(path.read_text(encoding="utf-8"))
    made_from = "0123abcd"  # well formed: what is wrong is that there is no English
    tree["site"]["kurecik"]["label"] = {"text": "Kürecik", "from_en": made_from}  # no label
    tree["event"]["no-such-event"] = {"title": {"text": "Yok", "from_en": made_from}}
    path.write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
    problems = problems_of(valid_facts)
    assert where(problems) == [(f"{TRANSLATIONS_DIR}/tr.yaml", "event:no-such-event", "title"),
                               (f"{TRANSLATIONS_DIR}/tr.yaml", "site:kurecik", "label")]


def test_real_facts_are_shown_translated_and_marked(facts: Facts) -> None:
    for language, name in (("tr", "Kürecik radar istasyonu"), ("ar", "محطة رادار كورجيك"),
                           ("fa", "ایستگاه رادار کورجیک")):
        tr = translator(language)
        panel = cards.item_panel_html(facts, "site:kurecik", tr)
        assert name in panel
        assert "US AN/TPY-2" not in panel  # the role is translated too
        assert "atlas-facts-mark" in panel
    assert "atlas-facts-mark" not in cards.item_panel_html(facts, "site:kurecik",
                                                           translator("en"))
    # Quotes stay in their original language.
    turkish = facts.in_language("tr")
    assert all(turkish.quotes[q].text == facts.quotes[q].text for q in facts.quotes)


# -- plurals: CLDR categories per language -----------------------------------------------------


def plural_categories(language: str) -> frozenset[str]:
    """The plural forms a language needs, from CLDR via Babel ("other" always among them)."""
    return frozenset(Locale.parse(language).plural_form.tags) | {"other"}


def plural_problems(language: str) -> list[str]:
    """Plural strings of `language` lacking a form its CLDR rules need, or having one they
    never pick; and strings plural in English but not here."""
    needed = plural_categories(language)
    english = i18n.strings(i18n.DEFAULT_LANGUAGE)
    strings = i18n.strings(language)
    problems = []
    for key, value in strings.items():
        if isinstance(value, dict) and set(value) != needed:
            problems.append(f"{language}: {key} has {sorted(value)}, needs {sorted(needed)}")
    problems += [f"{language}: {key} is not a plural" for key, value in english.items()
                 if isinstance(value, dict) and not isinstance(strings.get(key), dict)]
    return problems


def test_every_plural_has_every_category_its_language_needs() -> None:
    i18n.strings.cache_clear()
    assert plural_categories("ar") == {"zero", "one", "two", "few", "many", "other"}
    assert [p for language in i18n.LANGUAGES for p in plural_problems(language)] == []


def test_plural_check_finds_a_missing_arabic_form(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    for language, forms in (("en", {"one": "{count} site", "other": "{count} sites"}),
                            ("ar", {"one": "موقع واحد", "other": "{count} موقع"})):
        (tmp_path / language).mkdir()
        (tmp_path / language / "core.yaml").write_text(
            yaml.safe_dump({"sites": forms}, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path)
    i18n.strings.cache_clear()
    try:
        (problem,) = plural_problems("ar")
    finally:
        monkeypatch.undo()
        i18n.strings.cache_clear()
    assert problem.startswith("ar: sites has ['one', 'other'], needs")


@pytest.mark.parametrize(("count", "form"), [(0, "zero"), (1, "one"), (2, "two"), (3, "few"),
                                             (11, "many"), (100, "other")])
def test_arabic_counts_take_their_cldr_form(count: int, form: str) -> None:
    assert Locale.parse("ar").plural_form(count) == form
    text = translator("ar")("year.members", count=count)
    expected = i18n.strings("ar")["year.members"]
    assert isinstance(expected, dict)
    assert text == expected[form].format(count=translator("ar").number(count))


def test_one_source_quote_is_singular_in_english(facts: Facts) -> None:
    assert translator("en")("map.quotes_in_panel", count=1) == "1 source quote in the panel"
    assert not re.search(r"\b1 source quotes\b", translator("en")("map.quotes_in_panel",
                                                                   count=1))


# -- the place a mission is drawn over --------------------------------------------------------


def test_panel_gives_the_place_in_the_year_shown(facts: Facts) -> None:
    en = translator("en")
    html = cards.item_panel_html(facts, "mission:nmi", en, year=2019)
    context = html[html.index("<section class='atlas-context' data-place='IRQ'>"):]
    assert "The place: Iraq, up to 2019" in context
    assert "NATO Training Mission-Iraq" in context  # an earlier mission there
    assert "partner status" in context  # the partnership
    # The Arabic think-tank article on the partnership is there, not repeated from the item.
    shown = re.findall(r"data-quote='([^']+)'", context)
    assert "bayan-strategic-partner-2011-2012" in shown
    item_part = html[:html.index("<section class='atlas-context'")]
    assert not set(re.findall(r"data-quote='([^']+)'", item_part)) & set(shown)
    # Only what happened by the year shown.
    earlier = cards.item_panel_html(facts, "mission:ntm_i", en, year=2005)
    assert "Individual Partnership" not in earlier and "Istanbul summit" in earlier
    # A base or a member is its own place: no context section.
    assert "<section class='atlas-context'" not in cards.item_panel_html(
        facts, "site:kurecik", en, year=2019)
