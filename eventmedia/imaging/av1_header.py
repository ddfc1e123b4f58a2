"""The size an AVIF's AV1 stream is coded at, read from its sequence header without decoding.

An AVIF declares its size in ``ispe`` boxes, which is what Pillow reports and the pixel budget is
checked against; the AV1 decoder allocates for the size the stream is coded at. A file of a kilobyte
can declare 100 x 100 and code 16384 x 16384: half a gigabyte decoded. The sequence header OBU each
item's data starts with (found through ``iloc``; an ``av1C`` box may carry one too) gives
``max_frame_width`` and ``max_frame_height`` (AV1 spec 5.5.1), read here bit by bit.
Pure Python, no Pillow: the probe refuses before the decoder runs.
"""

from __future__ import annotations

SEQUENCE_HEADER, TEMPORAL_DELIMITER = 1, 2  # obu_type values
MAX_CONFIG_BOXES = 64  # an AVIF with more av1C boxes than this is not a photo (each item has one)


class _Bits:
    def __init__(self, data: bytes):
        self.data, self.position = data, 0

    def read(self, count: int) -> int:
        value = 0
        for _ in range(count):
            byte = self.position >> 3
            if byte >= len(self.data):
                raise ValueError("sequence header cut short")
            value = (value << 1) | ((self.data[byte] >> (7 - (self.position & 7))) & 1)
            self.position += 1
        return value

    def uvlc(self) -> int:
        zeros = 0
        while not self.read(1):
            zeros += 1
            if zeros >= 32:
                return (1 << 32) - 1
        return self.read(zeros) + (1 << zeros) - 1


def _leb128(data: bytes, position: int) -> tuple[int, int]:
    value = 0
    for index in range(8):
        if position + index >= len(data):
            raise ValueError("OBU size cut short")
        byte = data[position + index]
        value |= (byte & 0x7F) << (7 * index)
        if not byte & 0x80:
            return value, position + index + 1
    raise ValueError("OBU size too long")


def _sequence_header_size(payload: bytes) -> tuple[int, int]:
    """``(max_frame_width, max_frame_height)`` of a sequence header OBU's payload."""
    bits = _Bits(payload)
    bits.read(3)  # seq_profile
    bits.read(1)  # still_picture
    if bits.read(1):  # reduced_still_picture_header
        bits.read(5)  # seq_level_idx[0]
    else:
        decoder_model_info = False
        buffer_delay_length = 0
        if bits.read(1):  # timing_info_present_flag
            bits.read(32)  # num_units_in_display_tick
            bits.read(32)  # time_scale
            if bits.read(1):  # equal_picture_interval
                bits.uvlc()  # num_ticks_per_picture_minus_1
            decoder_model_info = bool(bits.read(1))
            if decoder_model_info:
                buffer_delay_length = bits.read(5) + 1
                bits.read(32)  # num_units_in_decoding_tick
                bits.read(5)  # buffer_removal_time_length_minus_1
                bits.read(5)  # frame_presentation_time_length_minus_1
        initial_display_delay = bool(bits.read(1))
        for _ in range(bits.read(5) + 1):  # operating points
            bits.read(12)  # operating_point_idc
            if bits.read(5) > 7:  # seq_level_idx
                bits.read(1)  # seq_tier
            if decoder_model_info and bits.read(1):  # decoder_model_present_for_this_op
                bits.read(buffer_delay_length)  # decoder_buffer_delay
                bits.read(buffer_delay_length)  # encoder_buffer_delay
                bits.read(1)  # low_delay_mode_flag
            if initial_display_delay and bits.read(1):
                bits.read(4)  # initial_display_delay_minus_1
    width_bits = bits.read(4) + 1
    height_bits = bits.read(4) + 1
    return bits.read(width_bits) + 1, bits.read(height_bits) + 1


def _config_sizes(config_obus: bytes) -> list[tuple[int, int]]:
    """The coded sizes in the sequence header OBUs of an ``av1C`` box's ``configOBUs``."""
    sizes, position = [], 0
    while position < len(config_obus):
        header = config_obus[position]
        obu_type, extension, has_size = (header >> 3) & 0x0F, header & 0x04, header & 0x02
        position += 2 if extension else 1
        if has_size:
            length, position = _leb128(config_obus, position)
        else:
            length = len(config_obus) - position
        if obu_type == SEQUENCE_HEADER:
            sizes.append(_sequence_header_size(config_obus[position : position + length]))
        position += length
    return sizes


def _item_starts(data: bytes) -> list[int]:
    """Where each item's data starts in the file, from the ``iloc`` box (ISO/IEC 14496-12 8.11.3);
    items stored in ``idat`` (construction method 1) are left out."""
    found = data.find(b"iloc")
    if found < 4:
        return []
    box_end = found - 4 + int.from_bytes(data[found - 4 : found], "big")
    body = data[found + 4 : box_end]
    if len(body) < 8:
        raise ValueError("iloc cut short")
    version = body[0]
    offset_size, length_size = body[4] >> 4, body[4] & 0x0F
    base_offset_size, index_size = body[5] >> 4, (body[5] & 0x0F if version in (1, 2) else 0)
    position = 6

    def number(size: int) -> int:
        nonlocal position
        if position + size > len(body):
            raise ValueError("iloc cut short")
        value = int.from_bytes(body[position : position + size], "big")
        position += size
        return value

    count = number(2 if version < 2 else 4)
    starts = []
    for _ in range(min(count, MAX_CONFIG_BOXES)):
        number(2 if version < 2 else 4)  # item_ID
        method = number(2) & 0x0F if version in (1, 2) else 0
        number(2)  # data_reference_index
        base = number(base_offset_size)
        extents = number(2)
        first = None
        for _ in range(extents):
            number(index_size)
            offset = number(offset_size)
            number(length_size)
            first = base + offset if first is None else first
        if method == 0 and first is not None:
            starts.append(first)
    return starts


def _stream_sizes(data: bytes, start: int) -> list[tuple[int, int]]:
    """The coded size in the sequence header OBU that an AV1 item's data starts with (after an
    optional temporal delimiter); nothing for data that does not start with AV1 OBUs."""
    position = start
    for _ in range(2):
        if position >= len(data):
            return []
        header = data[position]
        obu_type, extension, has_size = (header >> 3) & 0x0F, header & 0x04, header & 0x02
        if header & 0x80 or obu_type not in (SEQUENCE_HEADER, TEMPORAL_DELIMITER) or not has_size:
            return []
        length, payload = _leb128(data, position + (2 if extension else 1))
        if obu_type == SEQUENCE_HEADER:
            return [_sequence_header_size(data[payload : payload + length])]
        position = payload + length
    return []


def coded_sizes(data: bytes) -> list[tuple[int, int]]:
    """The largest frame size each AV1 stream of an AVIF file is coded at: from the sequence headers
    its items' data start with, and any ``av1C`` box carries. ``ValueError`` for a header that cannot
    be read."""
    sizes = []
    for start in _item_starts(data):
        sizes += _stream_sizes(data, start)
    position = 0
    for _ in range(MAX_CONFIG_BOXES):
        found = data.find(b"av1C", position)
        if found < 4:
            return sizes
        box_size = int.from_bytes(data[found - 4 : found], "big")
        body = data[found + 4 : found - 4 + box_size] if box_size >= 12 else b""
        if len(body) >= 4 and body[0] & 0x80:  # marker bit: a real AV1CodecConfigurationRecord
            sizes += _config_sizes(body[4:])
        position = found + 4
    raise ValueError("too many av1C boxes")
