#!/usr/bin/python3
"""fontprog.py — checks font programs taken out of a PDF (`mutool extract`) with fontTools,
an implementation independent of kaoji's: a .cid file must be a CFF that fontTools reads,
CID-keyed with ROS Adobe-Identity-0 and the identity charset (glyph k is CID k, as the PDF's
codes assume), every charstring decodable; a .ttf must load with its glyphs.  Prints one line
per file and exits 1 on the first bad one.  Usage: fontprog.py FILE..."""
import io
import sys

from fontTools.cffLib import CFFFontSet
from fontTools.ttLib import TTFont


def check_cff(path):
    cff = CFFFontSet()
    with open(path, 'rb') as f:
        cff.decompile(io.BytesIO(f.read()), None)
    top = cff.topDictIndex[0]
    order = top.getGlyphOrder()
    if not hasattr(top, 'ROS'):
        return 'name-keyed, %d glyphs' % len(order)
    if tuple(top.ROS) != ('Adobe', 'Identity', 0):
        raise ValueError('ROS %r, expected Adobe-Identity-0' % (top.ROS,))
    for k, name in enumerate(order):
        if name != ('.notdef' if k == 0 else 'cid%05d' % k):
            raise ValueError('glyph %d is %s: charset is not the identity' % (k, name))
    if getattr(top, 'CIDCount', len(order)) != len(order):
        raise ValueError('CIDCount %d for %d glyphs' % (top.CIDCount, len(order)))
    for name in order:
        top.CharStrings[name].decompile()
    for attr in ('UniqueID', 'XUID', 'UIDBase'):
        if hasattr(top, attr):
            raise ValueError('subset keeps the whole font\'s %s' % attr)
    return 'CID-keyed, %d glyphs, %d FDs' % (len(order), len(top.FDArray))


def check_ttf(path):
    font = TTFont(path)
    n = font['maxp'].numGlyphs
    glyf = font['glyf']
    for name in font.getGlyphOrder():
        glyf[name].getCoordinates(glyf)
    return 'TrueType, %d glyphs' % n


for path in sys.argv[1:]:
    try:
        what = check_cff(path) if path.endswith('.cid') or path.endswith('.cff') else check_ttf(path)
    except Exception as e:          # any failure of the reader is a bad program
        print('%s: %s' % (path, e))
        sys.exit(1)
    print('%s: %s' % (path, what))
