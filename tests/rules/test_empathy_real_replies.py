"""Issue 19, second round for the empathy and options packs: the causes of the wrong findings
judged on real replies (a reply that opens with a question, an issue reported fixed, a redirect
after a refusal, a question or a hope read as a fix, a how-to's "patch"). The rules' own
flag/ok examples (tests/rules/test_examples.py) hold the same cases in rule form."""

from __future__ import annotations

import pytest

from commlint import Linter, MessageKind
from commlint.kinds import infer_kind

UNACKNOWLEDGED = "empathy.unacknowledged-problem"
NO_ALTERNATIVE = "options.no-alternative"
MISSING_FOLLOW_UP = "options.missing-follow-up"


def rules_found(linter: Linter, text: str, kind: str | None = None) -> set[str]:
    return {f.rule for f in linter.check(text, kind).findings}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Hi, does the laptop still beep after you unplug the dock? If so, bring it to us.", None),
        ("Hello! Which floor are you on? Please send the asset tag of the broken screen.", None),
        ("@dana_k Which version of the VPN client do you have? The error may be fixed.", None),
        ("Hi Sam, is the error still there after you restart? Your disk may be broken.", None),
        ("Which printer do you use? We are seeing errors on the second floor.", "incident_update"),
    ],
)
def test_reply_opening_with_a_question_needs_no_acknowledgement(
    linter: Linter, text: str, kind: str | None
) -> None:
    assert UNACKNOWLEDGED not in rules_found(linter, text, kind)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Your laptop is broken, so we will send it for repair. Which day suits you?", None),
        ("Hi Sam, is the error still there? Your disk may be broken.", None),
        ("Didn't you read the notice? Your old password stopped working today.", None),
        ("Who deployed this? Checkout is failing for every customer.", "incident_update"),
    ],
)
def test_other_questions_still_need_an_acknowledgement(
    linter: Linter, text: str, kind: str | None
) -> None:
    assert UNACKNOWLEDGED in rules_found(linter, text, kind)


def test_issue_reported_fixed_is_good_news_but_issue_to_solve_is_not(linter: Linter) -> None:
    fixed = "Hello! Your issue has been resolved in the new version; you can download it now."
    assert UNACKNOWLEDGED not in rules_found(linter, fixed)
    to_solve = "Please try the steps in this guide to resolve your laptop issue."
    assert UNACKNOWLEDGED in rules_found(linter, to_solve)


@pytest.mark.parametrize(
    "text",
    [
        "We can't take billing questions over chat. Please call the billing team on 0800 123 456.",
        "We are unable to help with game codes here. Please reach out to the store's support team.",
        "We cannot recover that file. You can restore yesterday's copy from the backup folder.",
        "It is possible to merge accounts once you turn 18; it is not possible to split them.",
        "We can't assist with travel questions here. Please visit the travel page for details.",
    ],
)
def test_redirect_after_a_refusal_is_an_alternative(linter: Linter, text: str) -> None:
    assert NO_ALTERNATIVE not in rules_found(linter, text, "refusal")


def test_link_for_more_information_is_not_an_alternative(linter: Linter) -> None:
    text = "Sorry, that is not possible. Please see this article for more information: https://example.org/a"
    assert NO_ALTERNATIVE in rules_found(linter, text, "refusal")


@pytest.mark.parametrize(
    "text",
    [
        "We will check it soon. What is wrong with the phone? Is it resolved now?",
        "Our live support team can help you get this resolved: https://example.org/support",
        "Here is the number to call. Fingers crossed everything is sorted out. Take care!",
    ],
)
def test_question_hope_or_goal_is_not_a_resolution(linter: Linter, text: str) -> None:
    doc = linter.pipeline.nlp(text)
    assert infer_kind(doc).kind is not MessageKind.RESOLUTION
    assert MISSING_FOLLOW_UP not in rules_found(linter, text)


def test_fix_announced_is_still_a_resolution_needing_a_way_back(linter: Linter) -> None:
    text = "You couldn't book because the text message failed. We have fixed the bug now."
    assert infer_kind(linter.pipeline.nlp(text)).kind is MessageKind.RESOLUTION
    assert MISSING_FOLLOW_UP in rules_found(linter, text)


def test_patch_in_a_how_to_is_not_a_maintenance_notice(linter: Linter) -> None:
    how_to = "You need this patch. You can download it from the vendor's site and install it."
    assert infer_kind(linter.pipeline.nlp(how_to)).kind is MessageKind.GENERAL
    notice = "Servers will be offline on Sunday while we apply the monthly patches."
    assert infer_kind(linter.pipeline.nlp(notice)).kind is MessageKind.MAINTENANCE_NOTICE


def test_refusal_only_of_this_channel_with_a_route_needs_no_apology(linter: Linter) -> None:
    routed = "We can't take refund requests here; please use https://example.org/refunds instead."
    assert UNACKNOWLEDGED not in rules_found(linter, routed, "refusal")
    bare = "We can't restore files deleted before May. See https://example.org/backups"
    assert UNACKNOWLEDGED in rules_found(linter, bare, "refusal")
