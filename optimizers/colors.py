"""Colour science for choosing the paths' colours: how far apart two colours look, in normal
vision and as people with the two common red-green colour vision deficiencies see them.

- ``srgb_to_lab``: sRGB hex (``"#rrggbb"``) -> CIELAB under D65 (IEC 61966-2-1's sRGB curve,
  its RGB -> XYZ matrix, CIE 1976 L*a*b*).
- ``simulate``: the colour as seen with protanopia or deuteranopia, by Machado, Oliveira and
  Fernandes (2009), "A physiologically-based model for simulation of color vision deficiency",
  IEEE TVCG 15(6); their matrices at severity 1.0, applied to linear RGB, the result clipped
  to the sRGB gamut.
- ``delta_e2000``: the CIEDE2000 colour difference, as written out in Sharma, Wu and Dalal
  (2005), "The CIEDE2000 color-difference formula: implementation notes, supplementary test
  data, and mathematical observations", Color Res. Appl. 30(1) (the tests check it against
  their table).
- ``closest_pair``: the smallest difference among a list of colours under a vision.

A difference of about 1 is barely visible side by side; 15 is plain at a glance, even as a
thin line.

>>> round(delta_e2000((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485)), 4)
2.0425
"""

from __future__ import annotations

import math
from itertools import combinations
from typing import Optional, Sequence, Tuple

Lab = Tuple[float, float, float]
RGB = Tuple[float, float, float]

VISIONS = ("normal", "deuteranopia", "protanopia")

# Machado et al. (2009), Table 1 at severity 1.0: linear RGB -> linear RGB.
MACHADO_2009 = {
    "protanopia": ((0.152286, 1.052583, -0.204868),
                   (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968),
                     (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
}

# sRGB (linear) -> CIE XYZ, D65 white (IEC 61966-2-1); the white point it maps 1, 1, 1 to.
SRGB_TO_XYZ = ((0.4124, 0.3576, 0.1805),
               (0.2126, 0.7152, 0.0722),
               (0.0193, 0.1192, 0.9505))
D65 = tuple(sum(row) for row in SRGB_TO_XYZ)


def hex_to_rgb(color: str) -> RGB:
    """``"#rrggbb"`` -> sRGB components in [0, 1]."""
    text = color.lstrip("#")
    if len(text) != 6:
        raise ValueError(f"expected a colour as #rrggbb, got {color!r}")
    return tuple(int(text[i:i + 2], 16) / 255 for i in (0, 2, 4))


def rgb_to_hex(rgb: RGB) -> str:
    """sRGB components in [0, 1] -> ``"#rrggbb"`` (clipped, rounded)."""
    return "#" + "".join(f"{round(min(1.0, max(0.0, c)) * 255):02x}" for c in rgb)


def to_linear(c: float) -> float:
    """The sRGB transfer curve, undone: an encoded component -> linear light."""
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def from_linear(c: float) -> float:
    """Linear light -> an encoded sRGB component (clipped to [0, 1])."""
    c = min(1.0, max(0.0, c))
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def _apply(matrix, vector) -> RGB:
    return tuple(sum(m * v for m, v in zip(row, vector)) for row in matrix)


def simulate(color: str, vision: str) -> str:
    """``color`` as seen with ``vision`` (one of ``VISIONS``), as ``"#rrggbb"``."""
    if vision == "normal":
        return color
    linear = [to_linear(c) for c in hex_to_rgb(color)]
    return rgb_to_hex(tuple(from_linear(c) for c in _apply(MACHADO_2009[vision], linear)))


def srgb_to_lab(color: str) -> Lab:
    """``"#rrggbb"`` -> CIELAB (D65)."""
    xyz = _apply(SRGB_TO_XYZ, [to_linear(c) for c in hex_to_rgb(color)])

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = (f(v / white) for v, white in zip(xyz, D65))
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e2000(lab1: Lab, lab2: Lab, kL: float = 1.0, kC: float = 1.0, kH: float = 1.0) -> float:
    """CIEDE2000 difference of two CIELAB colours (Sharma, Wu and Dalal 2005, eqs. 1-22)."""
    L1, a1, b1 = lab1
    L2, a2, b2 = lab2
    C1, C2 = math.hypot(a1, b1), math.hypot(a2, b2)
    C_mean7 = ((C1 + C2) / 2) ** 7
    G = 0.5 * (1 - math.sqrt(C_mean7 / (C_mean7 + 25 ** 7)))
    a1p, a2p = (1 + G) * a1, (1 + G) * a2
    C1p, C2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if C1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if C2p else 0.0

    dLp = L2 - L1
    dCp = C2p - C1p
    if C1p * C2p == 0:
        dhp = 0.0
    elif abs(h2p - h1p) <= 180:
        dhp = h2p - h1p
    elif h2p - h1p > 180:
        dhp = h2p - h1p - 360
    else:
        dhp = h2p - h1p + 360
    dHp = 2 * math.sqrt(C1p * C2p) * math.sin(math.radians(dhp / 2))

    Lp = (L1 + L2) / 2
    Cp = (C1p + C2p) / 2
    if C1p * C2p == 0:
        hp = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hp = (h1p + h2p) / 2
    elif h1p + h2p < 360:
        hp = (h1p + h2p + 360) / 2
    else:
        hp = (h1p + h2p - 360) / 2
    T = (1 - 0.17 * math.cos(math.radians(hp - 30)) + 0.24 * math.cos(math.radians(2 * hp))
         + 0.32 * math.cos(math.radians(3 * hp + 6)) - 0.20 * math.cos(math.radians(4 * hp - 63)))
    d_theta = 30 * math.exp(-(((hp - 275) / 25) ** 2))
    Cp7 = Cp ** 7
    RC = 2 * math.sqrt(Cp7 / (Cp7 + 25 ** 7))
    SL = 1 + 0.015 * (Lp - 50) ** 2 / math.sqrt(20 + (Lp - 50) ** 2)
    SC = 1 + 0.045 * Cp
    SH = 1 + 0.015 * Cp * T
    RT = -math.sin(math.radians(2 * d_theta)) * RC
    l, c, h = dLp / (kL * SL), dCp / (kC * SC), dHp / (kH * SH)
    return math.sqrt(l * l + c * c + h * h + RT * c * h)


def difference(color1: str, color2: str, vision: str = "normal") -> float:
    """CIEDE2000 difference of two ``"#rrggbb"`` colours as seen with ``vision``."""
    return delta_e2000(srgb_to_lab(simulate(color1, vision)), srgb_to_lab(simulate(color2, vision)))


def closest_pair(colors: Sequence[str], visions: Sequence[str] = VISIONS) -> Tuple[float, Optional[Tuple[str, str, str]]]:
    """The smallest CIEDE2000 difference between two of ``colors`` under any of ``visions``,
    and which pair and vision it was (``(inf, None)`` for fewer than two colours)."""
    best, where = math.inf, None
    for vision in visions:
        labs = [srgb_to_lab(simulate(c, vision)) for c in colors]
        for (i, lab1), (j, lab2) in combinations(enumerate(labs), 2):
            d = delta_e2000(lab1, lab2)
            if d < best:
                best, where = d, (colors[i], colors[j], vision)
    return best, where


def contrast_ratio(color1: str, color2: str) -> float:
    """WCAG 2 contrast ratio of two ``"#rrggbb"`` colours (1 to 21)."""
    def luminance(color: str) -> float:
        return sum(w * to_linear(c) for w, c in zip((0.2126, 0.7152, 0.0722), hex_to_rgb(color)))

    hi, lo = sorted((luminance(color1), luminance(color2)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
