"""The private original of a poster: the uploaded file with its metadata cut out, losslessly.

A phone photo carries the GPS position of where it was taken (often the author's home) and
the camera's serial number; a file may also carry text, thumbnails or anything appended after
the image. What is kept is the image data itself, byte for byte (so it decodes to the same
pixels and prints as sent), its colour profile and pixel density, and the orientation.
Everything else is dropped: EXIF, XMP, IPTC, comments, thumbnails, extra pictures, unknown
chunks, and every byte after the image's end.
"""

import struct
import zlib

from PIL import Image

# JPEG markers kept besides the scans: frames (SOF0-15 but JPG, C8), Huffman and arithmetic
# tables (C4, CC), quantisation tables, DNL, restart interval, DHP and EXP.
JPEG_KEPT = (set(range(0xC0, 0xD0)) - {0xC8}) | set(range(0xDB, 0xE0))
# PNG chunks that are pixels or say how to show and print them; the rest (tEXt, zTXt, iTXt,
# eXIf, tIME, private chunks, animation) goes.
PNG_KEPT = {
    b"IHDR",
    b"PLTE",
    b"tRNS",
    b"IDAT",
    b"IEND",
    b"iCCP",
    b"sRGB",
    b"gAMA",
    b"cHRM",
    b"cICP",
    b"sBIT",
    b"pHYs",
}
WEBP_KEPT = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ICCP", b"ANIM", b"ANMF"}
WEBP_EXIF_FLAG, WEBP_XMP_FLAG = 0x08, 0x04


def clean(data: bytes, fmt: str, orientation: int = 1) -> tuple[bytes, int]:
    """The file without its metadata, and how many bytes of it are image data.

    `fmt` is Pillow's name of the format; `orientation` (EXIF 1-8) is written back alone so
    the original still shows upright. ValueError when the structure is broken.
    """
    cleaner = {"JPEG": _clean_jpeg, "MPO": _clean_jpeg, "PNG": _clean_png, "WEBP": _clean_webp}
    if fmt not in cleaner:
        raise ValueError(f"no cleaner for {fmt}")
    try:
        return cleaner[fmt](data, orientation)
    except (IndexError, struct.error) as exc:  # the file ends inside a header
        raise ValueError("the file ends too early") from exc


def orientation_exif(orientation: int) -> bytes:
    """A TIFF block (as in EXIF) holding only the orientation tag."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    return exif.tobytes()[6:]  # without the "Exif\0\0" prefix


def _clean_jpeg(data: bytes, orientation: int) -> tuple[bytes, int]:
    if data[:2] != b"\xff\xd8":
        raise ValueError("no SOI")
    head, out, pos, scan_bytes = [b"\xff\xd8"], [], 2, 0
    while True:
        if data[pos] != 0xFF:
            raise ValueError("no marker where one is due")
        while data[pos] == 0xFF:  # fill bytes
            pos += 1
        marker = data[pos]
        pos += 1
        if marker == 0xD9:  # EOI: what follows (an MPO's other pictures, a payload) goes
            out.append(b"\xff\xd9")
            break
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # no length
            out.append(bytes((0xFF, marker)))
            continue
        (length,) = struct.unpack(">H", data[pos : pos + 2])
        if length < 2 or pos + length > len(data):
            raise ValueError("segment runs past the end")
        segment, body = data[pos - 2 : pos + length], data[pos + 2 : pos + length]
        pos += length
        if marker == 0xDA:  # start of scan: entropy-coded data up to the next real marker
            out.append(segment)
            end = pos
            while True:
                end = data.find(b"\xff", end)
                if end < 0 or end + 1 >= len(data):
                    raise ValueError("scan without an end")
                following = data[end + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    end += 1 if following == 0xFF else 2
                    continue
                break
            out.append(data[pos:end])
            scan_bytes += end - pos
            pos = end
        elif marker in JPEG_KEPT:
            out.append(segment)
        elif marker == 0xE0 and body.startswith(b"JFIF\0") and len(body) >= 14:
            # Density (for print) kept, its embedded thumbnail dropped.
            head.append(b"\xff\xe0\x00\x10" + body[:12] + b"\x00\x00")
        elif (marker == 0xE2 and body.startswith(b"ICC_PROFILE\0")) or (
            marker == 0xEE and body.startswith(b"Adobe")  # says how to read CMYK and YCCK
        ):
            out.append(segment)
        # Other APPn (EXIF and XMP in APP1, MPF, IPTC in APP13...), COM, JPGn: dropped.
    if orientation != 1:
        tiff = b"Exif\0\0" + orientation_exif(orientation)
        head.append(b"\xff\xe1" + struct.pack(">H", len(tiff) + 2) + tiff)
    return b"".join(head + out), scan_bytes


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _clean_png(data: bytes, orientation: int) -> tuple[bytes, int]:
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("no PNG signature")
    out, pos, image_bytes = [data[:8]], 8, 0
    while True:
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, end = data[pos + 4 : pos + 8], pos + 12 + length
        if end > len(data):
            raise ValueError("chunk runs past the end")
        if kind in PNG_KEPT:
            out.append(data[pos:end])
            if kind == b"IHDR" and orientation != 1:
                out.append(_png_chunk(b"eXIf", orientation_exif(orientation)))
            if kind == b"IDAT":
                image_bytes += length
        pos = end
        if kind == b"IEND":
            return b"".join(out), image_bytes


def _clean_webp(data: bytes, orientation: int) -> tuple[bytes, int]:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise ValueError("no WebP header")
    end = min(len(data), 8 + struct.unpack("<I", data[4:8])[0])
    chunks, pos, image_bytes, extended = [], 12, 0, False
    while pos + 8 <= end:
        kind, (size,) = data[pos : pos + 4], struct.unpack("<I", data[pos + 4 : pos + 8])
        if pos + 8 + size > end:
            raise ValueError("chunk runs past the end")
        chunk = data[pos : pos + 8 + size] + (b"\0" if size % 2 else b"")
        pos += 8 + size + size % 2
        if kind == b"VP8X":
            extended = True
            flags = chunk[8] & ~(WEBP_EXIF_FLAG | WEBP_XMP_FLAG)
            if orientation != 1:
                flags |= WEBP_EXIF_FLAG
            chunk = chunk[:8] + bytes((flags,)) + chunk[9:]
        if kind in WEBP_KEPT:
            chunks.append(chunk)
            if kind in {b"VP8 ", b"VP8L", b"ALPH", b"ANMF"}:
                image_bytes += size
    if orientation != 1 and extended:  # EXIF is allowed in the extended format only
        tiff = orientation_exif(orientation)
        chunks.append(b"EXIF" + struct.pack("<I", len(tiff)) + tiff + b"\0" * (len(tiff) % 2))
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body, image_bytes
