#!/usr/bin/env python3
"""Split the dev corpus in two halves by a hash of each document's id, for honest figures:
rules are written against half A only (its documents may be read, its misses studied);
half B is only ever scored, and predicts how the rules do on contracts no one here has seen.

    bench/split-dev.py [--corpus ../shared/corpus] [--out /tmp/vendorkit-halves]

makes OUT/A and OUT/B, each a corpus the scorer reads with `--split dev` (symlinks to the
documents and labels; only dev.txt differs). Standard library only.
"""
import argparse
import hashlib
import os
import shutil


def half(doc_id):
    """The half of a document: hand-label lists name documents as `dataset/id`, and a document
    must fall in the same half whichever label set lists it, so only the id is hashed."""
    doc_id = doc_id.rsplit("/", 1)[-1]
    return "A" if hashlib.sha256(doc_id.encode()).digest()[0] % 2 == 0 else "B"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpus"))
    ap.add_argument("--out", default="/tmp/vendorkit-halves")
    args = ap.parse_args()
    corpus = os.path.abspath(args.corpus)
    for h in "AB":
        shutil.rmtree(os.path.join(args.out, h), ignore_errors=True)
    counts = {"A": 0, "B": 0}
    for entry in sorted(os.listdir(corpus)):
        src = os.path.join(corpus, entry)
        if not os.path.isdir(src):
            continue
        for h in "AB":
            dst = os.path.join(args.out, h, entry)
            os.makedirs(dst, exist_ok=True)
            for name in os.listdir(src):
                if name != "dev.txt":
                    os.symlink(os.path.join(src, name), os.path.join(dst, name))
        dev = os.path.join(src, "dev.txt")
        if os.path.exists(dev):
            ids = [l.strip() for l in open(dev, encoding="utf-8") if l.strip()]
            for h in "AB":
                mine = [i for i in ids if half(i) == h]
                counts[h] += len(mine)
                with open(os.path.join(args.out, h, entry, "dev.txt"), "w", encoding="utf-8") as f:
                    f.write("".join(i + "\n" for i in mine))
    print(f"half A (read): {counts['A']} documents, half B (scored only): {counts['B']} documents, in {args.out}")


if __name__ == "__main__":
    main()
