"""Write examples/archive/replies.csv: a sample archive of sent support replies for the audit.

Every phrase below was written for commlint. Replies are assembled from them with a fixed seed:
each team has its own habits (the network team leans on jargon, accounts on stock phrases),
and every team gets a little better each month, as if coached, so the report has groups to
compare and a trend to show. A few broken rows at the end show what errors.jsonl records.

Run from the repository root: `python examples/archive/generate.py`.
"""

from __future__ import annotations

import csv
import random
from datetime import datetime, timedelta
from pathlib import Path

OUT = Path(__file__).with_name("replies.csv")
SEED = 20250301
MONTHS = 6
PER_MONTH = 60

# team -> (agents, how likely each part is the good version in the first month)
TEAMS = {
    "Service desk": (["Priya", "Tomás", "Ana"], 0.65),
    "Network": (["Olek", "Sam"], 0.35),
    "Accounts": (["Lena", "Chris"], 0.45),
}
PEOPLE = ["Dana", "Marcus", "Yuki", "Fatima", "Joe", "Ines", "Ravi", "Grace", "Bo", "Leah"]

# (plain news, jargon news) for each situation the teams write about
NEWS = [
    (
        "your laptop is set up again and all your files are back where they were.",
        "we re-imaged the endpoint and restored the user profile from the backup snapshot.",
    ),
    (
        "the shared drive is working again for everyone on the third floor.",
        "the SMB share was unreachable due to a DFS namespace issue, which has been remediated.",
    ),
    (
        "you can sign in to email again; the password reset went through.",
        "your AD credentials were re-provisioned and the mailbox auth token was invalidated.",
    ),
    (
        "the Wi-Fi in the meeting rooms drops now and then, and we are replacing two of the "
        "wireless boxes on the ceiling.",
        "intermittent packet loss on the WLAN is caused by two failing APs, pending RMA.",
    ),
    (
        "the printer by reception is fixed and prints double-sided again.",
        "the MFP firmware was patched and the duplex driver redeployed via GPO.",
    ),
    (
        "your new phone is ready; it already has your email and calendar on it.",
        "the device is enrolled in MDM and the Exchange ActiveSync profile is pushed.",
    ),
    (
        "the payroll site was slow this morning because too many people used it at once; "
        "it is back to normal.",
        "latency on the payroll app was due to DB connection pool exhaustion; we bumped the "
        "pool size.",
    ),
    (
        "you now have access to the finance folder you asked for.",
        "your account was added to the RBAC group with RW ACLs on the finance share.",
    ),
]
GREETINGS_GOOD = ["Hi {name},", "Hello {name},", "Good morning {name},"]
GREETINGS_POOR = ["Dear user,", "", "To whom it may concern,"]
THANKS_GOOD = [
    "Thanks for letting us know so quickly.",
    "Thank you for the screenshots; they helped a lot.",
    "Thanks for your patience while we looked into this.",
]
APOLOGY_GOOD = [
    "I'm sorry this held you up before your deadline.",
    "I'm sorry you lost most of the morning to this.",
]
APOLOGY_POOR = ["We apologize for any inconvenience.", "Sorry for any inconvenience caused."]
TIME_GOOD = [
    "I will check in with you by 3 pm today to make sure it still works.",
    "The last step finishes by Friday at noon, and I will email you when it is done.",
    "We will have the new part in by Tuesday morning.",
]
TIME_POOR = [
    "We will get back to you ASAP.",
    "This should be sorted soon.",
    "Someone will look at it in due course.",
]
OPTIONS_GOOD = [
    "If that time doesn't suit you, reply with a better one, or call me on 4471.",
    "In the meantime you can use the spare laptop at the front desk, or work from the web version.",
    "If you would rather we did it together, I can come to your desk; just say when.",
]
TONE_POOR = [
    "Obviously you need to restart first.",
    "As I already said, please read the guide.",
    "You should have logged a ticket instead of emailing.",
    "PLEASE DO NOT REPLY TO THIS EMAIL.",
]
SIGN_GOOD = ["Best,\n{agent}", "Thanks,\n{agent} (IT Support)", "Cheers,\n{agent}"]
SIGN_POOR = ["IT Support", "Regards,\nHelpdesk", ""]


def _reply(rng: random.Random, good: float, agent: str, jargon: float) -> str:
    """One reply: each part is the good version with probability `good`."""

    def pick(good_parts: list[str], poor_parts: list[str]) -> str:
        return rng.choice(good_parts if rng.random() < good else poor_parts)

    def good_only(parts: list[str]) -> str:
        return rng.choice(parts) if rng.random() < good else ""

    def poor_only(parts: list[str]) -> str:
        return "" if rng.random() < good else rng.choice(parts)

    name = rng.choice(PEOPLE)
    plain, technical = rng.choice(NEWS)
    news = technical if rng.random() < jargon else plain
    parts = [
        pick(GREETINGS_GOOD, GREETINGS_POOR).format(name=name),
        " ".join(
            p
            for p in (
                good_only(THANKS_GOOD),
                f"Good news: {news}" if rng.random() < 0.5 else news[0].upper() + news[1:],
                pick(APOLOGY_GOOD, APOLOGY_POOR) if rng.random() < 0.5 else "",
                poor_only(TONE_POOR),
            )
            if p
        ),
        " ".join(p for p in (pick(TIME_GOOD, TIME_POOR), good_only(OPTIONS_GOOD)) if p),
        pick(SIGN_GOOD, SIGN_POOR).format(agent=agent),
    ]
    return "\n\n".join(p for p in parts if p)


def rows() -> list[list[str]]:
    rng = random.Random(SEED)
    start = datetime(2025, 1, 6, 8, 0)
    out: list[list[str]] = []
    for month in range(MONTHS):
        for _ in range(PER_MONTH):
            team = rng.choice(list(TEAMS))
            agents, base = TEAMS[team]
            agent = rng.choice(agents)
            good = min(base + 0.07 * month, 0.95)
            jargon = (0.7 if team == "Network" else 0.2) * (1 - 0.1 * month)
            sent = start + timedelta(
                days=30 * month + rng.randrange(28), minutes=rng.randrange(600)
            )
            ticket = f"T-{1000 + len(out)}"
            body = _reply(rng, good, agent, jargon)
            out.append([ticket, sent.isoformat(timespec="minutes"), team, agent, body])
    out += [
        ["T-2000", "2025-06-30T09:00", "Accounts", "Lena", "   "],  # an empty reply
        ["T-2001", "2025-06-30T09:30", "Network"],  # a row cut short by an export
        ["T-2002", "last Tuesday", "Service desk", "Ana", "Hi Joe,\n\nYour screen is fixed."],
    ]
    return out


def main() -> None:
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ticket", "sent_at", "team", "agent", "body"])
        writer.writerows(rows())
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
