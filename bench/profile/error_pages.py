# usage: error_pages.py URL DIR -- for each page of each study form: post it empty (no JS) and keep the 422 page, then fill it as loadgen does.
import os, sys, urllib.parse
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from page_bytes import Walker, FormReader
from html import unescape
url, out = sys.argv[1], sys.argv[2]
for form in ["employers", "authorities", "vet_providers", "employee_orgs"]:
    w = Walker(url, False, None)
    d = os.path.join(out, "err-" + form); os.makedirs(d, exist_ok=True)
    path = "/s/" + form
    r, html = w.request("GET", path)
    k = 0
    for _ in range(40):
        if r.status in (302, 303):
            path = r.getheader("Location"); r, html = w.request("GET", path); continue
        f = FormReader(); f.feed(html)
        if not f.found or f.can_submit: break
        action = unescape(f.action) or path
        hidden = [(n, v) for n, v in f.fields if n.startswith("_mcs_")]
        r2, h2 = w.request("POST", action, urllib.parse.urlencode(hidden + [("_mcs_action", "next")]))
        if r2.status == 422:
            k += 1
            open(os.path.join(d, "page%03d.html" % k), "w").write(h2)
            f = FormReader(); f.feed(h2); action = unescape(f.action) or action
        r, html = w.request("POST", action, urllib.parse.urlencode(f.fields + [("_mcs_action", "next")]))
    print(form, k, "error pages")
