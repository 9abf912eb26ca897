#!/usr/bin/env python3
"""Bytes of HTML per complete response, and where they are.

usage: page_bytes.py URL [--form F ...] [--responses N] [--no-js] [--top K] [--dump DIR]

Walks N questionnaires per form through the respondent pages the way bench/loadgen does (the same
filling: the first radio or checkbox of each name, the first non-empty option of a select, a
number at its minimum, a line of text; the enhanced post with X-MCS-Enhanced: 1 unless --no-js),
asking for gzip, and counts the page bodies as they arrive: compressed bytes (what the server
deflated, what the client inflates) and inflated bytes. Then it splits the inflated bytes:
- by attribute name (class, id, for, aria-*, name, value, type, data-*...): ` name="value"` each;
- by kind of line (the views write one choice, one option, one hidden input... per line): the
  line's first tag with its class, e.g. `div.matrix__cell choice`;
- tag names and punctuation, text, whitespace between tags, the JSON data blocks.
Per complete response, averaged over all the walks."""
import argparse
import collections
import gzip
import http.client
import os
import re
import sys
import urllib.parse
from html import unescape
from html.parser import HTMLParser


class FormReader(HTMLParser):
    """The questionnaire form (id="mcs-page"), filled as loadgen's FillPage fills it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_form = False
        self.found = False
        self.action = ""
        self.fields = []
        self.chosen = set()
        self.can_submit = False
        self.select = None

    def handle_starttag(self, tag, attrs):
        a = dict((k, v if v is not None else "") for k, v in attrs)
        if tag == "form" and a.get("id") == "mcs-page":
            self.in_form = self.found = True
            self.action = a.get("action", "")
            return
        if not self.in_form:
            return
        name = a.get("name", "")
        if tag == "button":
            if a.get("value") == "submit":
                self.can_submit = True
            return
        if tag == "option" and self.select is not None:
            if a.get("value") and self.select not in self.chosen:
                self.chosen.add(self.select)
                self.fields.append((self.select, a["value"]))
            return
        if not name or "disabled" in a:
            return
        other = name.endswith("_other")
        if tag == "input":
            t = a.get("type", "text")
            if t == "hidden":
                self.fields.append((name, a.get("value", "")))
            elif t in ("radio", "checkbox"):
                if name not in self.chosen:
                    self.chosen.add(name)
                    self.fields.append((name, a.get("value", "")))
            elif t in ("number", "range") or a.get("inputmode") in ("numeric", "decimal"):
                self.fields.append((name, a.get("min") or "1"))
            elif t == "date":
                self.fields.append((name, "2026-01-15"))
            elif t == "email":
                self.fields.append((name, "respondent@example.org"))
            elif not other:
                self.fields.append((name, "An answer typed by a respondent"))
        elif tag == "textarea":
            if not other:
                self.fields.append((name, "A longer answer, with a comma, typed by a respondent."))
        elif tag == "select":
            self.select = name

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self.select = None


TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|<!--.*?-->|<!DOCTYPE[^>]*>", re.S)
ATTR = re.compile(r'\s+([^\s=/>]+)(?:="[^"]*"|=\'[^\']*\'|=[^\s>]+)?')


def classify(html, acc):
    """Adds the page's bytes to acc (a Counter of category -> bytes)."""
    acc["total"] += len(html)
    # Lines by their first tag (and class): where the repeated markup is.
    for line in html.split("\n"):
        m = TAG.search(line)
        if m and m.group(2):
            tag = m.group(1) + m.group(2).lower()
            cls = re.search(r'class="([^"]*)"', m.group(3) or "")
            typ = re.search(r'type="?([a-z]+)', m.group(3) or "")
            key = tag + ("." + cls.group(1) if cls else "") + ("[%s]" % typ.group(1) if typ and tag == "input" else "")
            if tag == "script":
                sid = re.search(r'id="([^"]*)"', m.group(3) or "")
                key += "#" + sid.group(1) if sid else "[src]"
        else:
            key = "(text line)" if line.strip() else "(empty line)"
        acc["line " + key] += len(line) + 1
    pos = 0
    for m in TAG.finditer(html):
        gap = html[pos:m.start()]
        if gap:
            if gap.strip() == "":
                acc["whitespace between tags"] += len(gap)
            elif pos > 0 and html[max(0, pos - 200):pos].rstrip().endswith(">") and \
                    re.search(r'<script[^>]*type="application/json"[^>]*>$', html[max(0, pos - 200):pos]):
                acc["json data blocks"] += len(gap)
            else:
                acc["text"] += len(gap)
        pos = m.end()
        if not m.group(2):
            acc["doctype/comments"] += m.end() - m.start()
            continue
        body = m.group(3) or ""
        attrs_len = 0
        for a in ATTR.finditer(body):
            name = a.group(1).lower()
            if name.startswith("aria-"):
                key = "attr " + name
            elif name.startswith("data-"):
                key = "attr data-*"
            else:
                key = "attr " + name
            acc[key] += a.end() - a.start()
            attrs_len += a.end() - a.start()
        acc["tag names and <>/"] += (m.end() - m.start()) - attrs_len
    tail = html[pos:]
    acc["whitespace between tags" if tail.strip() == "" else "text"] += len(tail)


class Walker:
    def __init__(self, url, enhanced, dump):
        u = urllib.parse.urlparse(url)
        self.host, self.port = u.hostname, u.port or 80
        self.enhanced = enhanced
        self.dump = dump
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        self.cookies = {}
        self.raw = 0
        self.gz = 0
        self.pages = 0
        self.acc = collections.Counter()

    def request(self, method, path, body=None):
        headers = {"Accept-Encoding": "gzip, deflate", "Accept-Language": "en", "User-Agent": "page_bytes"}
        if self.cookies:
            headers["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            if self.enhanced:
                headers["X-MCS-Enhanced"] = "1"
        self.conn.request(method, path, body=body, headers=headers)
        r = self.conn.getresponse()
        data = r.read()
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                kv = v.split(";", 1)[0]
                n, _, val = kv.partition("=")
                self.cookies[n.strip()] = val.strip()
        html = b""
        if data:
            self.gz += len(data)
            html = gzip.decompress(data) if r.getheader("Content-Encoding") == "gzip" else data
            self.raw += len(html)
            if r.getheader("Content-Type", "").startswith("text/html"):
                self.pages += 1
                text = html.decode("utf-8")
                classify(text, self.acc)
                if self.dump:
                    with open(os.path.join(self.dump, "page%03d.html" % self.pages), "w") as f:
                        f.write(text)
        return r, html.decode("utf-8", "replace")

    def walk(self, form):
        self.cookies = {}
        path = "/s/" + form
        r, html = self.request("GET", path)
        submitted = False
        for _ in range(200):
            if r.status in (302, 303):
                path = r.getheader("Location")
                r, html = self.request("GET", path)
                continue
            if r.status != 200:
                raise SystemExit("status %d at %s" % (r.status, path))
            f = FormReader()
            f.feed(html)
            if not f.found:
                if submitted:
                    return
                raise SystemExit("no form at %s" % path)
            fields = f.fields + [("_mcs_action", "submit" if f.can_submit else "next")]
            submitted = f.can_submit
            action = unescape(f.action) or path
            r, html = self.request("POST", action, urllib.parse.urlencode(fields))
            if self.enhanced:
                if r.status != 200 or not r.getheader("X-MCS-Url"):
                    raise SystemExit("refused at %s (%d): %s" % (action, r.status, html[:2000]))
                path = r.getheader("X-MCS-Url")
            elif r.status not in (302, 303):
                raise SystemExit("refused at %s (%d)" % (action, r.status))
        raise SystemExit("no end")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("--form", action="append")
    ap.add_argument("--responses", type=int, default=10, help="per form")
    ap.add_argument("--no-js", action="store_true")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--dump", help="write every page of the first walk of each form here")
    a = ap.parse_args()
    forms = a.form or ["employers", "authorities", "vet_providers", "employee_orgs"]
    total = Walker(a.url, not a.no_js, None)
    n = 0
    for form in forms:
        w = Walker(a.url, not a.no_js, None)
        for i in range(a.responses):
            if a.dump and i == 0:
                d = os.path.join(a.dump, form)
                os.makedirs(d, exist_ok=True)
                w.dump = d
            else:
                w.dump = None
            w.walk(form)
        print("%-14s pages/resp %5.1f  inflated %8.0f B/resp  gzip %7.0f B/resp" %
              (form, w.pages / a.responses, w.raw / a.responses, w.gz / a.responses))
        total.raw += w.raw
        total.gz += w.gz
        total.pages += w.pages
        total.acc.update(w.acc)
        n += a.responses
    print("%-14s pages/resp %5.1f  inflated %8.0f B/resp  gzip %7.0f B/resp" %
          ("all", total.pages / n, total.raw / n, total.gz / n))
    acc = total.acc
    print("\nsplit of the inflated bytes per response (all forms):")
    for key in sorted((k for k in acc if not k.startswith("line ") and k != "total"), key=lambda k: -acc[k]):
        print("  %-34s %8.0f  %5.1f%%" % (key, acc[key] / n, 100.0 * acc[key] / acc["total"]))
    print("\nby kind of line (first tag of the line), top %d:" % a.top)
    lines = sorted((k for k in acc if k.startswith("line ")), key=lambda k: -acc[k])
    for key in lines[:a.top]:
        print("  %-60s %8.0f  %5.1f%%" % (key[5:][:60], acc[key] / n, 100.0 * acc[key] / acc["total"]))


if __name__ == "__main__":
    sys.exit(main())
