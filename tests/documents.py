"""Slide documents the tests make: minimal but real PDF, PPTX and ODP packages."""

import io
import struct
import zipfile

ODP_TYPE = "application/vnd.oasis.opendocument.presentation"


def pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def pptx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("ppt/presentation.xml", "<p:presentation/>")
    return buffer.getvalue()


def odp() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.presentation", zipfile.ZIP_STORED)
        package.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def pdf_with_xref(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF with a correct cross-reference table, so that PDFium reads it without repairing."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root %d 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def pdf_nested_forms(depth: int = 40) -> bytes:
    """A tiny PDF whose page draws form 1 twice, which draws form 2 twice...: 2**depth draws."""
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]/Resources<</XObject<</F 5 0 R>>>>/Contents 4 0 R>>",
    ]
    draw_twice = b"q /F Do Q q /F Do Q"
    objects.append(b"<</Length %d>>stream\n" % len(draw_twice) + draw_twice + b"\nendstream")
    for level in range(depth):
        number = 5 + level
        last = level == depth - 1
        content = b"0 0 1 1 re f" if last else draw_twice
        resources = b"" if last else b"/Resources<</XObject<</F %d 0 R>>>>" % (number + 1)
        objects.append(
            b"<</Type/XObject/Subtype/Form/BBox[0 0 200 100]%s/Length %d>>stream\n"
            % (resources, len(content))
            + content
            + b"\nendstream"
        )
    return pdf_with_xref(objects)


def _patched_zip(write, patch) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        write(package)
    return patch(bytearray(buffer.getvalue()))


def odp_with_encrypted_mimetype() -> bytes:
    def encrypt(data: bytearray) -> bytes:
        # General purpose flag bit 0 ("encrypted") in the local header and the central directory.
        data[data.index(b"PK\x03\x04") + 6] |= 1
        data[data.index(b"PK\x01\x02") + 8] |= 1
        return bytes(data)

    return _patched_zip(lambda z: z.writestr("mimetype", ODP_TYPE, zipfile.ZIP_STORED), encrypt)


def odp_with_broken_stream(method: int) -> bytes:
    """An ODP whose ``mimetype`` entry is compressed with ``method`` and then damaged."""

    def damage(data: bytearray) -> bytes:
        start = data.index(b"PK\x03\x04")
        name_length, extra_length = struct.unpack_from("<HH", data, start + 26)
        payload = start + 30 + name_length + extra_length
        for offset in range(payload, payload + 12):
            data[offset] ^= 0x5A
        return bytes(data)

    return _patched_zip(lambda z: z.writestr("mimetype", ODP_TYPE * 2, method), damage)


def zip_with_entries(count: int) -> bytes:
    """A PPTX by its names, padded with ``count`` empty entries that Python would have to parse."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("ppt/presentation.xml", "<p:presentation/>")
        for index in range(count):
            package.writestr(f"{index}", b"")
    return buffer.getvalue()


def compound_file(stream_name: str, payload: bytes = b"\x00" * 4096) -> bytes:
    """A minimal OLE2 compound file (version 3, 512-byte sectors) holding one stream, as Office's
    legacy formats are: ``"PowerPoint Document"`` makes a .ppt, ``"WordDocument"`` a .doc. The stream
    is at least 4096 bytes, so it lives in regular sectors (no mini stream)."""
    payload = payload.ljust(4096, b"\x00")
    end, free, fat_sector, no_stream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    data_sectors = -(-len(payload) // 512)
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, end, 0, end, 0)  # 1 FAT sector, dir at 1
    struct.pack_into("<I", header, 76, 0)  # the FAT is sector 0
    for index in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * index, free)
    fat = [fat_sector, end] + [2 + i + 1 for i in range(data_sectors - 1)] + [end]
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat).ljust(512, b"\xff")

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        raw = bytearray(128)
        encoded = (name + "\x00").encode("utf-16-le") if name else b""
        raw[0 : len(encoded)] = encoded
        struct.pack_into("<HBB", raw, 64, len(encoded), kind, 1)  # name length, type, black
        struct.pack_into("<III", raw, 68, no_stream, no_stream, child)  # left, right, child
        struct.pack_into("<II", raw, 116, start, size)
        return bytes(raw)

    directory = (
        entry("Root Entry", 5, 1, end, 0)
        + entry(stream_name, 2, no_stream, 2, len(payload))
        + entry("", 0, no_stream, 0, 0) * 2
    )
    return bytes(header) + fat_bytes + directory + payload.ljust(data_sectors * 512, b"\x00")


def ppt() -> bytes:
    return compound_file("PowerPoint Document")


def doc() -> bytes:
    return compound_file("WordDocument")
