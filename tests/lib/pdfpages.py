"""pdfpages.py — what the end-to-end tests read from kaoji's PDFs: the text of each page
(plain or -layout), and text lines and words with their boxes in mm from the page's top-left
corner (pdftotext -bbox-layout).  poppler warnings fail the test that asked."""
import re
import subprocess
import sys

MM = 25.4 / 72


def _run(args):
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode or r.stderr.strip():
        sys.exit("FAIL: %s: %s" % (" ".join(args), r.stderr.strip()[:300]))
    return r.stdout


def npages(pdf):
    return int(re.search(r"Pages:\s*(\d+)", _run(["pdfinfo", pdf])).group(1))


def pages(pdf, layout=False):
    """The text of every page, in order (-layout keeps a table row on one line)."""
    text = _run(["pdftotext"] + (["-layout"] if layout else []) + [pdf, "-"])
    out = text.split("\f")
    return out[:-1] if out and not out[-1].strip() else out


def squeeze(s):
    """Text without any white space (line breaks of body text are not the test's business)."""
    return re.sub(r"\s+", "", s)


def _unescape(w):
    return w.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")


def boxes(pdf):
    """Per page: a list of lines, each (x0, y0, x1, y1, text, words) with words (x0, y0, x1, y1, text); mm."""
    xml = _run(["pdftotext", "-bbox-layout", pdf, "-"])
    result = []
    for page in re.findall(r"<page .*?</page>", xml, re.S):
        lines = []
        for m in re.finditer(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', page, re.S):
            words = [(float(a) * MM, float(b) * MM, float(c) * MM, float(d) * MM, _unescape(t))
                     for a, b, c, d, t in re.findall(
                         r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', m.group(5))]
            box = [float(v) * MM for v in m.groups()[:4]]
            lines.append((box[0], box[1], box[2], box[3], "".join(w[4] for w in words), words))
        result.append(lines)
    return result


def body(pdf):
    """The whole document's text, white space and page numbers (“— 3 —”) removed: what a
    paragraph says even when it runs over a page."""
    return "".join(squeeze(l) for p in pages(pdf) for l in p.splitlines() if not re.fullmatch(r"\s*— \d+ —\s*", l))
