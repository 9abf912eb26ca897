#!/usr/bin/python3
# cgdiff.py DUMP_A DUMP_B N1 N2 : per-response inclusive instructions (B - A)/(N2 - N1) of the total and of key functions
import subprocess, sys, re, signal
signal.signal(signal.SIGPIPE, signal.SIG_DFL)
a, b, n1, n2 = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
def load(f):
    out = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", f], capture_output=True, text=True).stdout
    d = {}
    for line in out.splitlines():
        m = re.match(r"\s*([\d,]+) \([ \d.]+%\)\s+(.*)", line)
        if m:
            name = m.group(2)
            name = re.sub(r"^\S*?:(?=[A-Za-z_?])", "", name, count=1)
            v = int(m.group(1).replace(",", ""))
            d[name] = max(d.get(name, 0), v)
        m = re.match(r"([\d,]+) \(100.0%\)\s+PROGRAM TOTALS", line.strip())
        if m: d["TOTAL"] = int(m.group(1).replace(",", ""))
    return d
A, B = load(a), load(b)
keys = ["TOTAL", "mcs::web::PageTemplate::PageTemplate", "HandlePost", "RenderPosition", "RenderPage(", "RenderReview(",
        "RenderQuestionPage", "RenderReviewPage", "engine::Advance", "ToStoredJsonSplit", "LoadByToken", "FromStoredJson",
        "CompressFor", "Deflater::Gzip", "GzipTemplate::Fill", "crc32_combine", "HmacSha256Hex", "CsrfValid", "CsrfFor",
        "ResumeCodeOfToken", "Form::Find", "WriterLoop()", "sqlite3_step", "Start(", "StartPost(", "ReusedPage", "FilledPage"]
def get(d, k):
    return max([v for n, v in d.items() if k in n] or [0])
n = n2 - n1
tot = (get(B, "TOTAL") - get(A, "TOTAL")) / n
art = (get(B, "mcs::web::PageTemplate::PageTemplate") - get(A, "mcs::web::PageTemplate::PageTemplate")) / n
print(f"per complete response: {tot/1e6:.2f} M instructions; without the first-page template rebuilds (callgrind artefact): {(tot-art)/1e6:.2f} M")
for k in keys[1:]:
    print(f"  {k:40s} {(get(B,k)-get(A,k))/n/1e3:9.0f} K")
