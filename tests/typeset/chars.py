#!/usr/bin/python3
"""chars.py — checks a 公文's running text from the character positions MuPDF reports
(`mutool draw -F stext`), one check per argument after the PDF:

  squeeze   every two adjacent closing marks/点号 on a line (“））” “）。” “。””) stand at most
            0.6 em apart (clreq punctuation compression);
  grid      every 3号 line without a squeezed mark, a Latin letter or a digit has each character
            on the 28-per-line grid (订口 + k × 15.785 pt);
  mixed     a Hanzi and a Latin letter or digit next to each other are a quarter em further
            apart than their advances (a date's 年/月/日 and digits are not), anywhere else no
            more than the justification's stretch;
  loose     no running line stretched by more than 3 pt between Hanzi;
  numbers   no line ends inside a number or between a date's number and its 年/月/日 (a digit,
            then a digit, '.', '%', 年, 月 or 日 on the next line), nor between a month and its
            day (月, then “25日” on the next line).

Usage: chars.py FILE.pdf CHECK...   Prints what failed and exits 1."""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

LEFT = 28 * 72 / 25.4                   # 订口, pt
ZI = (156 * 72 / 25.4 - 16) / 27        # 1 字 on the grid
TRACK = ZI - 16
CLOSING = set('，。、：；！？）》」』〕】〗”’')
MARKS = CLOSING | set('（《「『〔【〖“‘')


def lines(pdf):
    """Text lines of 3号 (16 pt) upright running text: lists of (char, x, advance of the
    font program — MuPDF reports that, not the PDF's /W).  Characters are grouped by page
    and baseline, not by MuPDF's lines (which it splits where a line is spaced out)."""
    xml = subprocess.run(['mutool', 'draw', '-q', '-F', 'stext', '-o', '-', pdf],
                         capture_output=True, check=True).stdout
    out = []
    for page in ET.fromstring(xml).iter('page'):
        rows = {}
        for line in page.iter('line'):
            if line.get('dir') != '1 0':        # a turned table page
                continue
            for font in line.iter('font'):
                if abs(float(font.get('size')) - 16) > 0.01:
                    continue
                for ch in font.iter('char'):
                    q = [float(v) for v in ch.get('quad').split()]
                    rows.setdefault(round(float(ch.get('y')) * 2), []).append((ch.get('c'), float(ch.get('x')), q[2] - q[0]))
        for y in sorted(rows):
            chars = sorted(rows[y], key=lambda c: c[1])
            while chars and not chars[-1][0].strip():
                chars.pop()
            if chars:
                out.append(chars)
    return out


def han(c):
    o = ord(c)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF


def latin(c):
    return c.isascii() and c.isalnum()


def check_squeeze(ls):
    bad, pairs = [], 0
    for chars in ls:
        for (a, xa, _), (b, xb, _) in zip(chars, chars[1:]):
            if a in CLOSING and b in CLOSING:
                pairs += 1
                if xb - xa > 0.6 * 16 + 0.01:
                    bad.append('“%s%s”相距 %.2f em' % (a, b, (xb - xa) / 16))
    return bad, '%d 对相邻标点' % pairs


def squeezed(chars):
    """Whether a mark of the line is set half-width: the next character follows it within
    0.6 em, or the line ends half an em early after it (MuPDF reports the font program's
    advance, not the PDF's, so this is measured from positions)."""
    for (a, xa, _), (b, xb, _) in zip(chars, chars[1:]):
        if a in MARKS and xb - xa < 0.6 * 16:
            return True
    c, x, _ = chars[-1]
    return c in CLOSING and abs(x + 8 - (LEFT + 156 * 72 / 25.4)) < 0.5


def pushed(chars, nxt):
    """Whether a 禁则 sent characters from this line to the next (which then begins with an
    opening mark, with a character a closing mark must follow, or with a number or unit
    that stays with what came before): such a line is stretched, not on the grid."""
    if not nxt:
        return False
    a, b = chars[-1][0], nxt[0][0]
    return (b in MARKS and b not in CLOSING) or (len(nxt) > 1 and nxt[1][0] in CLOSING) or \
        latin(b) or (a.isdigit() and b in '年月日') or (a == '月' and b.isdigit())


def body_line(chars):
    """A line of running text: it starts at the 订口 or 2 字 in (centred 文号 and the
    right-hand 署名 are set on their own rules)."""
    k = (chars[0][1] - LEFT) / ZI
    return abs(k) < 0.05 or abs(k - 2) < 0.05 or (chars[0][0] in MARKS and abs(k - 2) < 0.6)


def check_grid(ls):
    bad, n = [], 0
    for chars, nxt in zip(ls, ls[1:] + [None]):
        text = ''.join(c for c, _, _ in chars)
        if any(latin(c) or not c.strip() for c in text) or squeezed(chars) or pushed(chars, nxt):
            continue
        if not all(han(c) or c in MARKS for c in text):
            continue
        n += 1
        for c, x, _ in chars:
            k = (x - LEFT) / ZI
            if abs(k - round(k)) * ZI > 0.3:
                bad.append('“%s”不在网格上（第 %.2f 字）：%s' % (c, k + 1, text))
                break
    return bad, '%d 行在网格上' % n


def boundary(a, b, rest=''):
    """A Hanzi next to a Latin letter or digit — but not a date's 年/月/日 next to its
    digits, nor a Hanzi before the digits of a date or year (关于2022年度), which 公文
    print unspaced.  rest: the text from b on."""
    if (a.isdigit() and b in '年月日') or (a in '年月日' and b.isdigit()):
        return False
    if b.isdigit() and re.match(r'[0-9]+[年月日]', rest):
        return False
    return (han(a) and latin(b)) or ((latin(a) or a == '%') and han(b))


def check_mixed(ls):
    # A character's own advance, from where no space follows it (the font programs give
    # each code the advance the PDF gives it, space included); a Hanzi is 1 em.
    natural = {}
    for chars in ls:
        for (a, _, w), (b, _, _) in zip(chars, chars[1:]):
            if not boundary(a, b) and a.strip():
                natural[a] = w
    for chars in ls:
        for c, _, _ in chars:
            if han(c):
                natural[c] = 16.0
    bad, spaced = [], 0
    for chars in ls:
        if not body_line(chars):
            continue
        text = ''.join(c for c, _, _ in chars)
        pairs = [(a, b, xb - xa - natural[a] - TRACK, text[j + 1:])
                 for j, ((a, xa, _), (b, xb, _)) in enumerate(zip(chars, chars[1:]))
                 if a.strip() and b.strip() and a in natural]
        # The justification's stretch on this line: the gap between two Hanzi.
        plain = [gap for a, b, gap, _ in pairs if han(a) and han(b)]
        stretch = min(plain) if plain else 0
        for a, b, gap, rest in pairs:
            if boundary(a, b, rest):
                spaced += 1
                if abs(gap - stretch - 4) > 0.1:
                    bad.append('“%s%s”之间 %.2f pt，应为 ¼ 字（4 pt）加本行字距 %.2f pt：%s' % (a, b, gap, stretch, text))
            elif gap > stretch + 0.1 and not (a in MARKS or b in MARKS) and not (latin(a) and latin(b)):
                bad.append('“%s%s”之间 %.2f pt，本行字距 %.2f pt：%s' % (a, b, gap, stretch, text))
    return bad, '%d 处中西文间距' % spaced


def check_loose(ls):
    """No running line is stretched by more than 3 pt (about ⅕ em) between two Hanzi: a 禁则
    push of one character spreads about 0.6 pt over a line, a number with its bracket
    (“（69.832分）”) pushed down about 2 pt; an unbreakable unit of a line's length would
    spread 4–5 pt, which a reader sees as a gap-toothed line."""
    bad, worst = [], 0.0
    for chars in ls:
        if not body_line(chars):
            continue
        for (a, xa, _), (b, xb, _) in zip(chars, chars[1:]):
            if han(a) and han(b):
                extra = xb - xa - ZI
                worst = max(worst, extra)
                if extra > 3.0:
                    bad.append('字距拉开 %.2f pt：%s' % (extra, ''.join(c for c, _, _ in chars)))
                    break
    return bad, '最大拉开 %.2f pt' % worst


def check_numbers(ls):
    bad = []
    for prev, cur in zip(ls, ls[1:]):
        a, b = prev[-1][0], cur[0][0]
        nxt = ''.join(c for c, _, _ in cur)
        if (a.isdigit() and (b.isdigit() or b in '.%年月日')) or (a == '月' and re.match(r'[0-9]+日', nxt)):
            bad.append('数字跨行：…%s / %s…' % (''.join(c for c, _, _ in prev[-6:]), ''.join(c for c, _, _ in cur[:6])))
    return bad, '%d 行' % len(ls)


pdf, checks = sys.argv[1], sys.argv[2:]
ls = lines(pdf)
failed = False
for name in checks:
    bad, what = globals()['check_' + name](ls)
    print('%s %s: %s' % (pdf.split('/')[-1], name, what))
    for b in bad[:10]:
        print('  ' + b)
    failed |= bool(bad)
sys.exit(1 if failed else 0)
