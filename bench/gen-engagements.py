#!/usr/bin/env python3
"""Generate a realistic batch of engagement files for the batch benchmark.

Each file is one of the bundled samples (complete and flawed ones, so the batch has the mix a
real folder has) with its own id, client and vendor names, people, and dates shifted by a
whole number of weeks. Standard library only; the same --seed gives the same files.

    python3 bench/gen-engagements.py --count 1000 --out /tmp/engagements
"""

import argparse
import datetime
import pathlib
import random
import re

SAMPLES = sorted(pathlib.Path(__file__).resolve().parent.parent.joinpath("samples").glob("*.yaml"))

FIRST = ["Amara", "Bruno", "Chen", "Dana", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jonas",
         "Kavya", "Lena", "Mateo", "Nadia", "Oskar", "Priya", "Quinn", "Rosa", "Sven", "Tomás"]
LAST = ["Alvarez", "Byrne", "Costa", "Dubois", "Eriksen", "Fischer", "García", "Hughes",
        "Ivanova", "Jensen", "Kowalski", "Lindqvist", "Moreau", "Nowak", "Okafor", "Petrov"]
TRADE = ["Harbour", "Willow", "Granite", "Copper", "Meadow", "Northgate", "Bluebell", "Summit",
         "Riverside", "Oakfield", "Lantern", "Foxglove", "Kingfisher", "Ashford", "Beacon"]
KIND = ["Bakery", "Dental", "Studio", "Logistics", "Florist", "Clinic", "Outfitters", "Brewing",
        "Architects", "Opticians", "Joinery", "Travel", "Print", "Veterinary", "Cycles"]
SUFFIX = ["Ltd", "LLC", "S.L.", "GmbH", "Sp. z o.o.", "B.V.", "Pty Ltd", "Inc."]
VENDOR = ["Ledger", "Support", "Payroll", "Desk", "Social", "Back Office", "Service", "Ops"]


def name(rng):
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def shift_dates(text, days):
    def move(m):
        try:
            d = datetime.date.fromisoformat(m.group(0))
        except ValueError:
            return m.group(0)  # a deliberately impossible date stays as it is
        return (d + datetime.timedelta(days=days)).isoformat()

    return re.sub(r"\b\d{4}-\d{2}-\d{2}\b", move, text)


def vary(text, i, rng):
    code = f"G{i:05d}"
    text = re.sub(r"(?m)^(  id: )\S+", lambda m: f"{m.group(1)}{code}", text, count=1)
    client = f"{rng.choice(TRADE)} {rng.choice(KIND)} {rng.choice(SUFFIX)}"
    vendor = f"{rng.choice(TRADE)} {rng.choice(VENDOR)} {rng.choice(SUFFIX)}"
    text = re.sub(r"(?m)^(client:\n  legal_name: ).*$", lambda m: m.group(1) + client, text)
    text = re.sub(r"(?m)^(vendor:\n  legal_name: ).*$", lambda m: m.group(1) + vendor, text)
    text = re.sub(r"(\bname: )([A-ZÁÉÍÓÚ][\w'.-]+ [A-ZÁÉÍÓÚ][\w'.-]+)(?=[,}])",
                  lambda m: m.group(1) + name(rng), text)
    return shift_dates(text, 7 * rng.randrange(0, 80))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--out", type=pathlib.Path, required=True)
    ap.add_argument("--seed", type=int, default=20261127)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    texts = [p.read_text(encoding="utf-8") for p in SAMPLES]
    args.out.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(args.count):
        text = vary(texts[i % len(texts)], i, rng)
        path = args.out / f"engagement-{i:05d}.yaml"
        path.write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    print(f"wrote {args.count} engagements ({total / 1e6:.1f} MB) to {args.out}")


if __name__ == "__main__":
    main()
