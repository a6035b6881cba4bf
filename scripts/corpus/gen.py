#!/usr/bin/env python3
"""Run-time inputs for make-corpus.sh that dump text cannot hold: raw pixel files, dumps whose text
values must be in a legacy character set (dump2dcm copies the bytes of the dump file as they are),
a deeply nested dump, and the few encodings dcmtk will not write (UN of undefined length, a sequence
mixing defined and undefined length items), which are appended as raw bytes to a file dump2dcm made.

Python standard library only. Usage:
  gen.py pixels DIR            raw pixel files for the image templates
  gen.py charsets DIR          one dump per character set, plus DIR/charsets.tsv (name, charset, expected text)
  gen.py deep DEPTH FILE       a dump with DEPTH nested sequences
  gen.py fill TEMPLATE OUT     copy a dump template, replacing @path@ markers by the file's content
  gen.py eot IN OUT            add an Extended Offset Table to an encapsulated file with an empty BOT
  gen.py splice FILE           append the hand-made elements of group 0033 to an explicit VR LE file
"""
import math
import os
import re
import struct
import sys

UID_ROOT = "2.25.271828182845904523536028747135266249775"


# --- pixels -------------------------------------------------------------------------------------

def _gradient(cols, rows, frame, maxval):
    # A diagonal ramp that moves with the frame number: every frame differs, and lossless codecs
    # have both smooth areas and edges to work on.
    for y in range(rows):
        for x in range(cols):
            yield ((x + y) * maxval // (cols + rows - 2) + frame * 7) % (maxval + 1)


def pixels(out):
    os.makedirs(out, exist_ok=True)

    def write(name, data):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)

    write("mono8.raw", bytes(_gradient(64, 48, 0, 255)))
    write("mono16u.raw", struct.pack("<%dH" % (64 * 64), *_gradient(64, 64, 0, 4095)))
    write("mono16s.raw", struct.pack("<%dh" % (64 * 64), *(v - 2048 for v in _gradient(64, 64, 0, 4095))))
    write("frames8.raw", b"".join(bytes(_gradient(32, 32, f, 255)) for f in range(10)))
    write("frames16.raw", b"".join(struct.pack("<%dH" % (32 * 32), *_gradient(32, 32, f, 65535)) for f in range(10)))

    # RGB 32x32: red ramps along x, green along y, blue is constant.
    rgb = [(x * 8, y * 8, 128) for y in range(32) for x in range(32)]
    write("rgb-planar0.raw", bytes(c for px in rgb for c in px))  # PS3.3 C.7.6.3.1.3: R1G1B1 R2G2B2 ...
    write("rgb-planar1.raw", bytes(px[i] for i in range(3) for px in rgb))  # R1R2... G1G2... B1B2...

    # 64x48 overlay plane, 1 bit per pixel, packed little endian bit order (PS3.5 8.1.2): a frame box.
    bits = [1 if x in (2, 61) or y in (2, 45) else 0 for y in range(48) for x in range(64)]
    packed = bytes(sum(bits[i + b] << b for b in range(8)) for i in range(0, len(bits), 8))
    write("overlay.raw", packed)

    # 16x16 float pixels (Float Pixel Data, OF) as dump text, a radial function with negatives and fractions.
    values = [math.cos(math.hypot(x - 7.5, y - 7.5) / 3) * 100.5 for y in range(16) for x in range(16)]
    write("float.txt", "\\".join("%.6g" % v for v in values).encode())


# --- character sets -----------------------------------------------------------------------------

ESC = b"\x1b"


def _jis(text):
    # ISO 2022 IR 87 (JIS X 0208) is designated to G0 (ESC $ B) and ISO 646 is designated back
    # (ESC ( B) before each delimiter, PS3.5 6.1.2.5.3, as in PS3.5 H.3.1.
    return text.encode("iso2022_jp")


def _jis_to_romaji(text):
    # With ISO 2022 IR 13 as value 1, G0 returns to JIS X 0201 Romaji (ESC ( J), PS3.5 H.3.2.
    return _jis(text).replace(ESC + b"(B", ESC + b"(J")


def _ksc(text):
    # ISO 2022 IR 149 is designated to G1 (ESC $ ) C) again in each component, PS3.5 I.2.
    return ESC + b"$)C" + text.encode("euc_kr")


def _gb2312(text):
    # ISO 2022 IR 58 is designated to G1 (ESC $ ) A) in each component, PS3.5 K.2.
    return ESC + b"$)A" + text.encode("gb2312")


def _jisx0212(text):
    # ISO 2022 IR 159 (JIS X 0212) in G0: ESC $ ( D, back to ISO 646 with ESC ( B.
    return text.encode("iso2022_jp_2")


def _pn(*groups):
    return b"=".join(b"^".join(parts) for parts in groups)


# Each case: name, Specific Character Set (None: the default repertoire, "-" in charsets.tsv), PN bytes, PN as UTF-8,
# short text bytes for SH (at most 16 bytes), its UTF-8, multi-line text bytes for LT/UT, its UTF-8, and
# whether Debian's dcmtk (glibc iconv) can convert the set to UTF-8 (dcm2json, dcmdump +U8).
def _charset_cases():
    cases = []

    def single(name, charset, codec, pn, short, text):
        cases.append((name, charset, pn.encode(codec), pn, short.encode(codec), short, text.encode(codec), text, True))

    # PS3.3 C.12.1.1.2 single-byte sets without code extensions.
    single("latin1", "ISO_IR 100", "latin-1", "Buc^Jérôme", "Jérôme", "Größe Übersicht\r\nà la carte")
    single("latin2", "ISO_IR 101", "iso8859_2", "Wałęsa^Lech", "Wałęsa", "Žluťoučký kůň\r\núpěl")
    single("latin3", "ISO_IR 109", "iso8859_3", "Ħaġar^Ġorġ", "Ħaġar", "Ċirkewwa\r\nGħawdex")
    single("latin4", "ISO_IR 110", "iso8859_4", "Šķēle^Āris", "Šķēle", "Ļoti ņemt\r\nūdens")
    single("cyrillic", "ISO_IR 144", "iso8859_5", "Иванов^Сергей", "Иванов", "Люксембург\r\nи Москва")
    single("arabic", "ISO_IR 127", "iso8859_6", "قباني^لنزار", "قباني", "مستشفى\r\nالمدينة")
    single("greek", "ISO_IR 126", "iso8859_7", "Διονυσιος^Νικος", "Διονυσιος", "Ακτινολογικό\r\nΤμήμα")
    single("hebrew", "ISO_IR 138", "iso8859_8", "שרון^דבורה", "שרון", "בית חולים\r\nרדיולוגיה")
    single("latin5", "ISO_IR 148", "iso8859_9", "Çavuşoğlu^Öykü", "Çavuşoğlu", "Şişli\r\nHastanesi")
    single("katakana", "ISO_IR 13", "shift_jis", "ﾔﾏﾀﾞ^ﾀﾛｳ", "ﾔﾏﾀﾞ", "ｼﾝｻﾂ\r\nﾋﾞｮｳｲﾝ")
    single("thai", "ISO_IR 166", "tis_620", "ประเทศไทย^สมชาย", "สมชาย", "โรงพยาบาล\r\nกรุงเทพ")
    single("utf8", "ISO_IR 192", "utf-8", "Wang^XiaoDong=王^小東=", "王小東", "Ünïcödé 医院\r\n병원 ﾃｽﾄ 😀")
    # PS3.5 J.3 (GB18030) and the GBK subset with Chinese ideographic component groups.
    single("gb18030", "GB18030", "gb18030", "Wang^XiaoDong=王^小东=", "王小东", "北京协和医院\r\n𠀀 四字节")
    single("gbk", "GBK", "gbk", "Wang^XiaoDong=王^小东=", "王小东", "北京协和医院\r\n放射科")

    # ISO 2022 code extensions (PS3.5 6.1.2.5): the Annex H, I and K examples.
    cases.append(("jp-ir87", "\\ISO 2022 IR 87",
                  _pn([b"Yamada", b"Tarou"], [_jis("山田"), _jis("太郎")], [_jis("やまだ"), _jis("たろう")]),
                  "Yamada^Tarou=山田^太郎=やまだ^たろう", _jis("山田"), "山田",
                  b"Report " + _jis("画像診断") + b"\r\n" + _jis("異常なし"), "Report 画像診断\r\n異常なし", False))
    cases.append(("jp-ir13-ir87", "ISO 2022 IR 13\\ISO 2022 IR 87",
                  _pn(["ﾔﾏﾀﾞ".encode("shift_jis"), "ﾀﾛｳ".encode("shift_jis")],
                      [_jis_to_romaji("山田"), _jis_to_romaji("太郎")],
                      [_jis_to_romaji("やまだ"), _jis_to_romaji("たろう")]),
                  "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう", "ﾔﾏﾀﾞ".encode("shift_jis"), "ﾔﾏﾀﾞ",
                  "ｼﾝｻﾂ ".encode("shift_jis") + _jis_to_romaji("画像診断") + b"\r\n" + _jis_to_romaji("異常なし"),
                  "ｼﾝｻﾂ 画像診断\r\n異常なし", False))
    cases.append(("jp-ir159", "\\ISO 2022 IR 87\\ISO 2022 IR 159",
                  _pn([b"Test", b"Name"], [_jisx0212("丂"), _jis("太郎")]),
                  "Test^Name=丂^太郎", _jisx0212("丂"), "丂",
                  _jis("山田") + b" " + _jisx0212("丂") + b"\r\n" + _jis("太郎"), "山田 丂\r\n太郎", False))
    cases.append(("kr-ir149", "\\ISO 2022 IR 149",
                  _pn([b"Hong", b"Gildong"], [_ksc("洪"), _ksc("吉洞")], [_ksc("홍"), _ksc("길동")]),
                  "Hong^Gildong=洪^吉洞=홍^길동", _ksc("홍길동"), "홍길동",
                  # PS3.5 I.3: one designation at the start of each line is enough.
                  _ksc("The first line includes 한글.") + b"\r\n" + _ksc("The second line includes 한글, too.")
                  + b"\r\nThe third line",
                  "The first line includes 한글.\r\nThe second line includes 한글, too.\r\nThe third line", True))
    cases.append(("cn-ir58", "\\ISO 2022 IR 58",
                  _pn([b"Zhang", b"XiaoDong"], [_gb2312("张"), _gb2312("小东")], []),
                  "Zhang^XiaoDong=张^小东=", _gb2312("张小东"), "张小东",
                  # PS3.5 K.3: each line designates ISO-IR 58 and returns to ASCII before CR LF.
                  b"1." + _gb2312("第一行文字。") + ESC + b"(B\r\n2." + _gb2312("第二行文字。") + ESC + b"(B",
                  "1.第一行文字。\r\n2.第二行文字。", True))
    cases.append(("iso2022-latin1-greek", "ISO 2022 IR 100\\ISO 2022 IR 126",
                  _pn([ESC + b"-A" + "Buc".encode("latin-1"), "Jérôme".encode("latin-1")],
                      [ESC + b"-F" + "Διονυσιος".encode("iso8859_7")]),
                  "Buc^Jérôme=Διονυσιος", ESC + b"-F" + "Νικος".encode("iso8859_7"), "Νικος",
                  ESC + b"-A" + "Größe".encode("latin-1") + b"\r\n" + ESC + b"-F" + "Ακτινολογικό".encode("iso8859_7"),
                  "Größe\r\nΑκτινολογικό", True))
    cases.append(("ascii-default", None, b"Smith^John^^Mr.", "Smith^John^^Mr.", b"SMITH", "SMITH",
                  b"Plain ASCII\r\nsecond line", "Plain ASCII\r\nsecond line", True))
    return cases


def _even(value):
    # dcmodify refuses odd-length values from files; PS3.5 6.2 pads text with a space.
    return value + b" " if len(value) % 2 else value


def charsets(out):
    """One dump per character set (single-line values) and NAME.text, the multi-line LT/UT value that
    make-corpus.sh inserts with dcmodify (a dump holds one element per line, so no CR LF in values)."""
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "charsets.tsv"), "w", encoding="utf-8") as index:
        for i, (name, charset, pn, pn_text, short, short_text, text, text_utf8, dcmtk_ok) in \
                enumerate(_charset_cases(), start=1):
            first_line = text.split(b"\r\n")[0]
            assert len(short) <= 16, name
            lines = [
                b"# Specific Character Set test: " + name.encode(),
                b"(0002,0010) UI =LittleEndianExplicit",
            ]
            if charset is not None:
                lines.append(b"(0008,0005) CS [" + charset.encode() + b"]")
            lines += [
                b"(0008,0016) UI [1.2.840.10008.5.1.4.1.1.7]",
                b"(0008,0018) UI [" + f"{UID_ROOT}.3{i:02d}".encode() + b"]",
                b"(0008,0064) CS [WSD]",
                b"(0008,0080) LO [" + first_line + b"]",
                b"(0008,0081) ST [" + first_line + b"]",
                b"(0008,1010) SH [" + short + b"]",
                b"(0008,1070) PN [" + pn + b"\\" + pn + b"]",
                b"(0010,0010) PN [" + pn + b"]",
                b"(0010,0020) LO [PEAKE-CS-" + name.encode() + b"]",
                b"(0010,4000) LT [placeholder]",
                b"(0018,9908) UC [" + first_line + b"\\" + short + b"]",
                b"(0040,a730) SQ (Sequence with explicit length #=1)",
                b"  (fffe,e000) na (Item with explicit length #=2)",
                b"    (0040,a123) PN [" + pn + b"]",
                b"    (0040,a160) UT [placeholder]",
                b"  (fffe,e00d) na (ItemDelimitationItem for re-encoding)",
                b"(fffe,e0dd) na (SequenceDelimitationItem for re-encoding)",
            ]
            with open(os.path.join(out, f"charset-{name}.dump"), "wb") as f:
                f.write(b"\n".join(lines) + b"\n")
            with open(os.path.join(out, f"charset-{name}.text"), "wb") as f:
                f.write(_even(text))
            index.write("\t".join([name, charset or "-", pn_text, short_text,
                                   text_utf8.replace("\r\n", "\\r\\n"), "yes" if dcmtk_ok else "no"]) + "\n")


# --- deep nesting -------------------------------------------------------------------------------

def deep(depth, path):
    lines = [
        f"# Sequences nested {depth} deep (PS3.5 7.5), each level a Content Sequence item.",
        "(0002,0010) UI =LittleEndianExplicit",
        "(0008,0016) UI [1.2.840.10008.5.1.4.1.1.88.22]",
        f"(0008,0018) UI [{UID_ROOT}.31]",
        "(0010,0010) PN [Test^Deep]",
        "(0010,0020) LO [PEAKE-DEEP-0001]",
    ]
    for level in range(depth):
        pad = "  " * (2 * level)
        lines.append(f"{pad}(0040,a730) SQ (Sequence with explicit length #=1)")
        lines.append(f"{pad}  (fffe,e000) na (Item with explicit length #=3)")
        lines.append(f"{pad}    (0040,a010) CS [CONTAINS]")
        lines.append(f"{pad}    (0040,a160) UT [level {level + 1}]")
    for level in reversed(range(depth)):
        pad = "  " * (2 * level)
        lines.append(f"{pad}  (fffe,e00d) na (ItemDelimitationItem for re-encoding)")
        lines.append(f"{pad}(fffe,e0dd) na (SequenceDelimitationItem for re-encoding)")
    lines.append("(0040,a493) CS [VERIFIED]")
    with open(path, "w", encoding="ascii") as f:
        f.write("\n".join(lines) + "\n")


# --- hand-made elements -------------------------------------------------------------------------

UNDEFINED = 0xFFFFFFFF


def _ex(group, element, vr, value):
    """One explicit VR little endian element (PS3.5 7.1.2), value padded to even length."""
    if len(value) % 2:
        value += b"\0" if vr in (b"UI", b"OB", b"UN") else b" "
    head = struct.pack("<HH", group, element) + vr
    if vr in (b"OB", b"OD", b"OF", b"OL", b"OV", b"OW", b"SQ", b"SV", b"UC", b"UN", b"UR", b"UT", b"UV"):
        return head + struct.pack("<HI", 0, len(value)) + value
    return head + struct.pack("<H", len(value)) + value


def _im(group, element, value):
    """One implicit VR little endian element (PS3.5 7.1.3)."""
    if len(value) % 2:
        value += b" "
    return struct.pack("<HHI", group, element, len(value)) + value


def _item(body, undefined):
    if undefined:
        return struct.pack("<HHI", 0xFFFE, 0xE000, UNDEFINED) + body + struct.pack("<HHI", 0xFFFE, 0xE00D, 0)
    return struct.pack("<HHI", 0xFFFE, 0xE000, len(body)) + body


SEQ_END = struct.pack("<HHI", 0xFFFE, 0xE0DD, 0)


def splice(path):
    # Group 0033 sorts after everything in the un-undefined template, so appending keeps tag order.
    # 1. PS3.5 6.2.2 (CP-246): UN with undefined length holds a sequence encoded in implicit VR LE.
    inner_code = _im(0x0008, 0x0100, b"CODE1") + _im(0x0008, 0x0102, b"99PEAKE") + _im(0x0008, 0x0104, b"Inner")
    nested = struct.pack("<HHI", 0x0040, 0xA043, UNDEFINED) + _item(inner_code, True) + SEQ_END
    un_items = (_item(_im(0x0010, 0x0020, b"ID-IN-UN") + nested, True)
                + _item(_im(0x0020, 0x0013, b"7"), False))
    un = struct.pack("<HH", 0x0033, 0x1010) + b"UN" + struct.pack("<HI", 0, UNDEFINED) + un_items + SEQ_END

    # 2. One sequence of undefined length whose items have defined and undefined lengths.
    mixed_items = (_item(_ex(0x0008, 0x0100, b"SH", b"DEF") + _ex(0x0008, 0x0104, b"LO", b"defined length item"), False)
                   + _item(_ex(0x0008, 0x0100, b"SH", b"UNDEF") + _ex(0x0008, 0x0104, b"LO", b"undefined length item"), True)
                   + _item(b"", False))
    mixed = struct.pack("<HH", 0x0033, 0x1020) + b"SQ" + struct.pack("<HI", 0, UNDEFINED) + mixed_items + SEQ_END

    # 3. A sequence of defined length holding an item of undefined length.
    inner = _item(_ex(0x0008, 0x0100, b"SH", b"INNER"), True)
    defined = _ex(0x0033, 0x1030, b"SQ", inner)

    with open(path, "ab") as f:
        f.write(_ex(0x0033, 0x0010, b"LO", b"PEAKE SPLICED"))
        f.write(un + mixed + defined)


def eot(src, dst):
    """Copy an encapsulated explicit VR LE file with an empty Basic Offset Table, adding the Extended Offset
    Table (7FE0,0001) and its lengths (7FE0,0002) (PS3.3 C.7.6.3.1, PS3.5 A.4): dcmtk 3.6.7 writes neither.
    One fragment per frame is assumed (dcmtk's default), so each fragment starts a frame."""
    data = open(src, "rb").read()
    header = struct.pack("<HH", 0x7FE0, 0x0010) + b"OB" + struct.pack("<HI", 0, UNDEFINED)
    at = data.rfind(header)
    assert at > 0, "no encapsulated pixel data"
    pos = at + len(header)
    tag, bot_length = struct.unpack_from("<II", data, pos)
    assert tag == 0xE000FFFE and bot_length == 0, "the Basic Offset Table must be empty beside an extended one"
    pos += 8
    first = pos
    offsets, lengths = [], []
    while True:
        group, element, length = struct.unpack_from("<HHI", data, pos)
        if (group, element) == (0xFFFE, 0xE0DD):
            break
        assert (group, element) == (0xFFFE, 0xE000)
        offsets.append(pos - first)  # to the item tag of the frame's fragment
        lengths.append(length)
        pos += 8 + length
    table = b"".join(struct.pack("<Q", o) for o in offsets)
    table_lengths = b"".join(struct.pack("<Q", n) for n in lengths)
    with open(dst, "wb") as f:
        f.write(data[:at] + _ex(0x7FE0, 0x0001, b"OV", table) + _ex(0x7FE0, 0x0002, b"OV", table_lengths) + data[at:])


def fill(template, out):
    """Copy a dump template, replacing each @relative/path@ marker by that file's content."""
    with open(template, "rb") as f:
        text = f.read()
    for marker in set(re.findall(rb"@([\w./-]+)@", text)):
        with open(marker.decode(), "rb") as f:
            text = text.replace(b"@" + marker + b"@", f.read())
    with open(out, "wb") as f:
        f.write(text)


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "pixels" and len(argv) == 3:
        pixels(argv[2])
    elif cmd == "charsets" and len(argv) == 3:
        charsets(argv[2])
    elif cmd == "deep" and len(argv) == 4:
        deep(int(argv[2]), argv[3])
    elif cmd == "eot" and len(argv) == 4:
        eot(argv[2], argv[3])
    elif cmd == "fill" and len(argv) == 4:
        fill(argv[2], argv[3])
    elif cmd == "splice" and len(argv) == 3:
        splice(argv[2])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
